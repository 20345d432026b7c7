-- What Quarto itself does to a frozen document and plain Pandoc does not (offline build
-- only; real Quarto has these built in):
--   * figures (`#fig-` output divs or images) and tables (`#tbl-` cells with `tbl-cap`)
--     become numbered captioned figures; great-tables HTML becomes a native table for Typst;
--   * `@fig-x` / `@tbl-x` references become "Figure 1" links (HTML) or Typst references;
--   * callouts (`.callout-note`, ...) become boxes with a title;
--   * Typst image paths are made root-relative using the `qmdrender-docdir` metadata;
--   * `.content-visible` / `.content-hidden` divs and spans with `when-format` /
--     `unless-format` keep or drop their content for the output format (Quarto's
--     conditional content; the format names "html", "typst", "pdf" and "latex").

local is_html = FORMAT:match("html") ~= nil
local is_typst = FORMAT:match("typst") ~= nil
local numbers = {}        -- id -> number (per kind)
local counters = { fig = 0, tbl = 0 }
local kind_names = { fig = "Figure", tbl = "Table" }
local docdir = nil

local callout_titles = {
  ["callout-note"] = "Note", ["callout-tip"] = "Tip", ["callout-warning"] = "Warning",
  ["callout-important"] = "Important", ["callout-caution"] = "Caution",
}

local function kind_of(id)
  if id == nil then return nil end
  local prefix = id:match("^(%a+)%-")
  if prefix == "fig" or prefix == "tbl" then return prefix end
  return nil
end

local function register(id)
  local kind = kind_of(id)
  if kind and numbers[id] == nil then
    counters[kind] = counters[kind] + 1
    numbers[id] = counters[kind]
  end
end

local function prefix_caption(id, inlines)
  local kind = kind_of(id)
  local label = pandoc.Inlines({ pandoc.Str(kind_names[kind] .. "\u{A0}" .. numbers[id] .. ":"), pandoc.Space() })
  label:extend(inlines)
  return label
end

local function parse_inlines(text)
  local doc = pandoc.read(text or "", "markdown")
  if #doc.blocks == 0 then return pandoc.Inlines({}) end
  return pandoc.utils.blocks_to_inlines(doc.blocks)
end

-- Turn raw HTML tables (great-tables output) into Pandoc tables for non-HTML formats.
local function html_tables_to_native(blocks)
  return blocks:walk({
    RawBlock = function(raw)
      if raw.format == "html" and raw.text:find("<table", 1, true) then
        local parsed = pandoc.read(raw.text, "html")
        local kept = pandoc.Blocks({})
        for _, b in ipairs(parsed.blocks) do
          if b.t == "Table" then kept:insert(b) end
          if b.t == "Div" then
            b:walk({ Table = function(t) kept:insert(t) end })
          end
        end
        if #kept > 0 then return kept end
      end
      return nil
    end,
  })
end

local function figure_div(div)
  -- HTML freeze layout: output div with the figure id; the caption is its last paragraph.
  local content = pandoc.Blocks(div.content)
  local caption = pandoc.Inlines({})
  local last = content[#content]
  if last and (last.t == "Para" or last.t == "Plain") then
    caption = last.content
    content:remove(#content)
  end
  local alt = div.attributes["fig-alt"]
  if alt and is_html then
    content:insert(pandoc.Div(pandoc.Plain(pandoc.Str(alt)), pandoc.Attr("", { "visually-hidden" })))
  end
  local attr = pandoc.Attr(div.identifier, { "quarto-figure" }, {})
  return pandoc.Figure(content, { pandoc.Plain(prefix_caption(div.identifier, caption)) }, attr)
end

local function table_div(div)
  local caption = parse_inlines(div.attributes["tbl-cap"])
  local content = pandoc.Blocks(div.content)
  if not is_html then
    content = html_tables_to_native(content)
    -- Pandoc's Typst writer puts every table in a figure of its own; a second figure around it
    -- would count each table twice. A lone table therefore carries the caption and label itself.
    local tables = {}
    content:walk({ Table = function(t) table.insert(tables, t) end })
    if #tables == 1 then
      local native = tables[1]
      native.caption = { long = pandoc.Blocks({ pandoc.Plain(caption) }), short = nil }
      native.identifier = div.identifier
      return native
    end
  end
  local full_caption = is_html and prefix_caption(div.identifier, caption) or caption
  return pandoc.Figure(content, { pandoc.Plain(full_caption) }, pandoc.Attr(div.identifier, { "table-figure" }, {}))
end

local function callout(div, class)
  local title = callout_titles[class]
  if div.attributes["title"] then title = div.attributes["title"] end
  -- As in Quarto, a heading that opens the callout is its title.
  local first = div.content[1]
  if first and first.t == "Header" then
    title = pandoc.utils.stringify(first.content)
    div.content = pandoc.Blocks(div.content)
    div.content:remove(1)
  end
  if is_typst then
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst",
      "#block(width: 100%, inset: 8pt, radius: 3pt, fill: luma(245), stroke: (left: 3pt + rgb(\"#0072B2\")))[*" .. title .. ".* ") })
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  local content = pandoc.Blocks({ pandoc.Div(pandoc.Plain(pandoc.Str(title)), pandoc.Attr("", { "callout-title" })) })
  content:extend(div.content)
  return pandoc.Div(content, pandoc.Attr(div.identifier, { "callout", class }, { role = "note" }))
end

-- Quarto's format aliases: "html" covers every HTML writer, "pdf" the PDF routes.
local function format_matches(name)
  if name == "html" then return is_html end
  if name == "typst" then return is_typst end
  if name == "pdf" then return is_typst or FORMAT:match("latex") ~= nil end
  if name == "latex" then return FORMAT:match("latex") ~= nil end
  return FORMAT == name
end

-- Whether a `.content-visible` / `.content-hidden` element shows its content here (nil when the
-- element has neither class and is left alone).
local function shows(el)
  local visible = el.classes:includes("content-visible")
  local hidden = el.classes:includes("content-hidden")
  if not visible and not hidden then return nil end
  local when, unless = el.attributes["when-format"], el.attributes["unless-format"]
  local matched
  if when then matched = format_matches(when)
  elseif unless then matched = not format_matches(unless)
  else matched = true end
  if visible then return matched end
  return not matched
end

local function conditional_pass(doc)
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      local keep = shows(div)
      if keep == nil then return nil end
      return keep and div.content or {}
    end,
    Span = function(span)
      local keep = shows(span)
      if keep == nil then return nil end
      return keep and span.content or {}
    end,
  })
  return doc
end

local function number_pass(doc)
  docdir = doc.meta["qmdrender-docdir"] and pandoc.utils.stringify(doc.meta["qmdrender-docdir"]) or nil
  doc.blocks:walk({
    Div = function(div) register(div.identifier) end,
    Figure = function(fig) register(fig.identifier) end,
    Image = function(img) register(img.identifier) end,
  })
  return nil
end

local function transform_blocks(doc)
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      local kind = kind_of(div.identifier)
      if kind == "fig" and is_html then return figure_div(div) end
      if kind == "tbl" then return table_div(div) end
      for class, _ in pairs(callout_titles) do
        if div.classes:includes(class) then return callout(div, class) end
      end
      return nil
    end,
    Figure = function(fig)
      -- an image figure (`![cap](img){#fig-x}`): number its caption for HTML
      if is_html and kind_of(fig.identifier) and #fig.caption.long > 0 then
        local first = fig.caption.long[1]
        fig.caption.long[1] = pandoc.Plain(prefix_caption(fig.identifier, first.content))
      end
      return fig
    end,
    Image = function(img)
      if is_typst and docdir and not img.src:match("^/") and not img.src:match("^%a+://") then
        img.src = "/" .. docdir .. "/" .. img.src
      end
      return img
    end,
  })
  return doc
end

local function reference_pass(doc)
  doc.blocks = doc.blocks:walk({
    Cite = function(cite)
      local id = cite.citations[1].id
      local kind = kind_of(id)
      if not kind or #cite.citations ~= 1 then return nil end
      if numbers[id] == nil then
        io.stderr:write("qmdrender: unresolved cross-reference @" .. id .. "\n")
        return pandoc.Strong(pandoc.Str("?@" .. id))
      end
      if is_typst then return pandoc.RawInline("typst", "@" .. id) end
      return pandoc.Link(pandoc.Inlines({ pandoc.Str(kind_names[kind] .. "\u{A0}" .. numbers[id]) }), "#" .. id, "", pandoc.Attr("", { "quarto-xref" }))
    end,
  })
  return doc
end

-- A "References" section (level 2, inside the chapter) where citeproc puts the
-- bibliography, when the document cites anything besides figures and tables.
local function add_references_section(doc)
  local cites = false
  local has_refs_div = false
  doc.blocks:walk({
    Cite = function(cite)
      for _, c in ipairs(cite.citations) do
        if not kind_of(c.id) then cites = true end
      end
    end,
    Div = function(div) if div.identifier == "refs" then has_refs_div = true end end,
  })
  if cites and not has_refs_div then
    doc.blocks:insert(pandoc.Header(2, pandoc.Inlines({ pandoc.Str("References") }), pandoc.Attr("references")))
    doc.blocks:insert(pandoc.Div(pandoc.Blocks({}), pandoc.Attr("refs", { "references", "csl-bib-body" })))
  end
  return doc
end

function Pandoc(doc)
  doc = conditional_pass(doc)
  number_pass(doc)
  doc = transform_blocks(doc)
  doc = reference_pass(doc)
  return add_references_section(doc)
end
