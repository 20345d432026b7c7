-- Quarto's page grid for wide content (offline build only; Quarto does this when it
-- post-processes its HTML). An element with a `column-*` class (`.column-page-right`, ...) is
-- placed on the page grid: every block around it up to <main> becomes a grid of its own
-- (`page-columns page-full`), and so does <main> (the `qmdrender-page-full` metadata flag).
-- Runs after the project's filters, so classes they add count too.

local function is_column(block)
  for _, class in ipairs(block.classes) do
    if class:match("^column%-") then return true end
  end
  return false
end

local function add_class(block, class)
  if not block.classes:includes(class) then block.classes:insert(class) end
end

-- True when `blocks` hold a column element; marks every Div that has one inside.
local function mark(blocks)
  local found = false
  for _, block in ipairs(blocks) do
    if block.t == "Div" then
      local inside = mark(block.content)
      if inside then
        add_class(block, "page-columns")
        add_class(block, "page-full")
      end
      found = found or inside or is_column(block)
    end
  end
  return found
end

function Pandoc(doc)
  if not FORMAT:match("html") then return nil end
  if mark(doc.blocks) then doc.meta["qmdrender-page-full"] = true end
  return doc
end
