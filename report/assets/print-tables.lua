-- Tables in the printed editions (Typst output only; the pages keep great-tables' own layout).
--
-- Every table of the report reaches Typst as a Pandoc table (under Quarto and the offline
-- renderer alike, both parse great-tables' HTML). Its columns arrive without an alignment, so
-- Typst would centre them with the figure around them. Here, once for every table:
--   * a column whose body cells all read as numbers (a digit after an optional sign, currency
--     or comparison: "0.60", "-3%", "$388 million", "4.2× (3.9–4.6×)", "~2 × 10²⁵ FLOP") is
--     right-aligned, so numbers of one format line up on their decimal point or unit; missing
--     values ("–") do not count against it; any other column (and "2. Canada: 16", a numbered
--     item) is left-aligned;
--   * column widths are left to the content (Typst's `auto` columns);
--   * a header cell spanning several columns (a spanner) is centred over them; a body or
--     footer cell spanning several (a group label, the source note) is left-aligned.
-- Header rows repeat on each page when a long table breaks (the template lets table figures
-- break; Pandoc writes the header as `table.header`).

if not FORMAT:match("typst") then return {} end

local MISSING = { [""] = true, ["–"] = true, ["—"] = true, ["-"] = true }

local function reads_as_number(text)
  text = text:gsub("^%s+", ""):gsub("%s+$", "")
  -- a numbered list item ("2. Canada: 16") is text
  if text:match("^%d+%.%s+%a") then return false end
  -- an optional sign, currency or comparison (ASCII or the UTF-8 minus, approximately, ≤ ≥)
  local rest = text
  local prefixes = { "−", "–", "-", "+", "~", "≈", "<", ">", "≤", "≥", "$", "€", "£" }
  local stripped = true
  while stripped do
    stripped = false
    for _, prefix in ipairs(prefixes) do
      if rest:sub(1, #prefix) == prefix then
        rest = rest:sub(#prefix + 1):gsub("^%s+", "")
        stripped = true
      end
    end
  end
  return rest:match("^%d") ~= nil
end

local function body_rows(tbl)
  local rows = {}
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.head) do table.insert(rows, row) end
    for _, row in ipairs(body.body) do table.insert(rows, row) end
  end
  return rows
end

-- Which columns are numeric: every non-missing body cell that starts in the column reads as a
-- number, and there is at least one.
local function numeric_columns(tbl)
  local ncols = #tbl.colspecs
  local numbers, others = {}, {}
  for _, row in ipairs(body_rows(tbl)) do
    local col = 1
    for _, cell in ipairs(row.cells) do
      local text = pandoc.utils.stringify(cell.contents)
      if cell.col_span == 1 and not MISSING[text] then
        if reads_as_number(text) then numbers[col] = true else others[col] = true end
      end
      col = col + cell.col_span
    end
  end
  local result = {}
  for col = 1, ncols do result[col] = numbers[col] and not others[col] end
  return result
end

function Table(tbl)
  local numeric = numeric_columns(tbl)
  for i, _ in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { numeric[i] and pandoc.AlignRight or pandoc.AlignLeft, pandoc.ColWidthDefault }
  end
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do
      if cell.col_span > 1 then cell.alignment = pandoc.AlignCenter end
    end
  end
  -- A note or a group label across the table's width reads as text, whatever column it starts in.
  local function left_if_spanning(row)
    for _, cell in ipairs(row.cells) do
      if cell.col_span > 1 then cell.alignment = pandoc.AlignLeft end
    end
  end
  for _, row in ipairs(body_rows(tbl)) do left_if_spanning(row) end
  for _, row in ipairs(tbl.foot.rows) do left_if_spanning(row) end
  return tbl
end
