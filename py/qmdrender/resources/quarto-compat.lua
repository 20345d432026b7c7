-- What Quarto itself does to a frozen document and plain Pandoc does not (offline build
-- only; real Quarto has these built in). HTML gets Quarto's own markup, so one set of report
-- CSS serves the pages of both renderers:
--   * figures (`#fig-` output divs or images) and tables (`#tbl-` cells with `tbl-cap`) become
--     numbered floats (`div.quarto-float > figure > figcaption`, caption below a figure and
--     above a table); great-tables HTML becomes a native table for Typst;
--   * `@fig-x` / `@tbl-x` references become "Figure 1" links (HTML) or Typst references;
--   * callouts (`.callout-note`, ...) become Quarto's titled callout boxes;
--   * links to other documents of the project (`costs.qmd#x`) point at their pages
--     (`../report/costs.html#x`, as Quarto writes them); in the whole-report PDF at the
--     chapter; a chapter PDF keeps the link as written, as Quarto's do (a project filter may
--     resolve it, e.g. against the published site);
--   * HTML: sections are made here, so the references can follow them in Quarto's appendix
--     (`#quarto-appendix`); Typst keeps a "References" heading;
--   * Typst image paths are made root-relative using the `qmdrender-docdir` metadata;
--   * `.content-visible` / `.content-hidden` divs and spans with `when-format` /
--     `unless-format` keep or drop their content for the output format (Quarto's
--     conditional content; the format names "html", "typst", "pdf" and "latex").
-- Metadata set by the renderer: qmdrender-docdir (the document's folder), qmdrender-inputs
-- (the project's documents, separated by "|"), qmdrender-offset (from the page to the site
-- root), qmdrender-pdf ("chapter" or "report", Typst only).

local is_html = FORMAT:match("html") ~= nil
local is_typst = FORMAT:match("typst") ~= nil
local numbers = {}        -- id -> number (per kind)
local counters = { fig = 0, tbl = 0 }
local kind_names = { fig = "Figure", tbl = "Table" }
-- Quarto gives every float caption the id "<float id>-caption-" followed by this fixed uuid.
local CAPTION_UUID = "0ceaefa1-69ba-4598-a22c-09a6ac19f8ca"
local docdir = nil
local inputs = {}
local offset = ""
local pdf_mode = nil

local callout_titles = {
  ["callout-note"] = "Note", ["callout-tip"] = "Tip", ["callout-warning"] = "Warning",
  ["callout-important"] = "Important", ["callout-caution"] = "Caution",
}

local function meta_string(meta, key)
  return meta[key] and pandoc.utils.stringify(meta[key]) or nil
end

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

local function raw(text) return pandoc.RawBlock("html", text) end

-- Turn raw HTML tables (great-tables output) into Pandoc tables for non-HTML formats.
local function html_tables_to_native(blocks)
  return blocks:walk({
    RawBlock = function(block)
      if block.format == "html" and block.text:find("<table", 1, true) then
        local parsed = pandoc.read(block.text, "html")
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

-- Quarto's float: div#id.quarto-float > figure > (content, figcaption) for figures and
-- (figcaption, content) for tables.
local function html_float(id, classes, attributes, content, caption)
  local kind = kind_of(id)
  local caption_id = id .. "-caption-" .. CAPTION_UUID
  local side = kind == "tbl" and "top" or "bottom"
  local figcaption = pandoc.Blocks({
    raw('<figcaption class="quarto-float-caption-' .. side .. ' quarto-float-caption quarto-float-' .. kind .. '" id="' .. caption_id .. '">'),
    pandoc.Plain(prefix_caption(id, caption)),
    raw("</figcaption>"),
  })
  local body = pandoc.Blocks({ raw('<div aria-describedby="' .. caption_id .. '">') })
  body:extend(content)
  body:insert(raw("</div>"))
  local blocks = pandoc.Blocks({ raw('<figure class="quarto-float quarto-float-' .. kind .. ' figure">') })
  if side == "top" then blocks:extend(figcaption); blocks:extend(body) else blocks:extend(body); blocks:extend(figcaption) end
  blocks:insert(raw("</figure>"))
  local all = pandoc.List(classes)
  all:extend({ "quarto-float", "quarto-figure", "quarto-figure-center", "anchored" })
  return pandoc.Div(blocks, pandoc.Attr(id, all, attributes or {}))
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
  if alt then
    content:insert(pandoc.Div(pandoc.Plain(pandoc.Str(alt)), pandoc.Attr("", { "visually-hidden" })))
  end
  return html_float(div.identifier, div.classes, {}, content, caption)
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
    return pandoc.Figure(content, { pandoc.Plain(caption) }, pandoc.Attr(div.identifier, { "table-figure" }, {}))
  end
  -- Quarto keeps the cell div (without its id) around the float that takes the id.
  local attributes = {}
  for key, value in pairs(div.attributes) do
    if key ~= "tbl-cap" then attributes[key] = value end
  end
  local float = html_float(div.identifier, { "cell" }, attributes, content, caption)
  return pandoc.Div({ float }, pandoc.Attr("", div.classes, attributes))
end

local function callout(div, class)
  local kind = callout_titles[class]
  local title = pandoc.Inlines({ pandoc.Str(kind) })
  if div.attributes["title"] then title = parse_inlines(div.attributes["title"]) end
  local content = pandoc.Blocks(div.content)
  -- As in Quarto, a heading that opens the callout is its title.
  local first = content[1]
  if first and first.t == "Header" then
    title = first.content
    content:remove(1)
  end
  if is_typst then
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst",
      "#block(width: 100%, inset: 8pt, radius: 3pt, fill: luma(245), stroke: (left: 3pt + rgb(\"#0072B2\")))[*" .. pandoc.utils.stringify(title) .. ".* ") })
    blocks:extend(content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  local header = pandoc.Blocks({
    raw('<div class="callout-header d-flex align-content-center">\n<div class="callout-icon-container">\n<i class="callout-icon" aria-hidden="true"></i>\n</div>\n<div class="callout-title-container flex-fill">\n<span class="screen-reader-only">' .. kind .. '</span>'),
    pandoc.Plain(title),
    raw("</div>\n</div>"),
  })
  header:insert(pandoc.Div(content, pandoc.Attr("", { "callout-body-container", "callout-body" })))
  local classes = { "callout", "callout-style-default", class, "callout-titled" }
  return pandoc.Div(header, pandoc.Attr(div.identifier, classes, div.attributes))
end

-- A relative path made project-relative from the document's folder ("a/../b.qmd" -> "b.qmd").
local function project_path(path)
  local parts = {}
  local joined = (docdir and docdir ~= "" and docdir ~= ".") and (docdir .. "/" .. path) or path
  for part in joined:gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then return nil end
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return table.concat(parts, "/")
end

local function chapter_label(path)
  return "chapter-" .. path:gsub("%.qmd$", ""):gsub("[^%w]+", "-"):gsub("^%-+", ""):gsub("%-+$", "")
end

local function resolve_link(link)
  local target = link.target
  if target:match("^%a[%w+.-]*:") or target:match("^//") or target:match("^#") or target:match("^/") then
    return nil
  end
  local path, anchor = target:match("^([^#?]*)(.*)$")
  if not path:match("%.qmd$") then return nil end
  local resolved = project_path(path)
  if not resolved or not inputs[resolved] then
    error("qmdrender: link to " .. target .. " names no document of this project (project.render in _quarto.yml)")
  end
  if is_html then
    link.target = offset .. resolved:gsub("%.qmd$", ".html") .. anchor
  elseif pdf_mode == "report" then
    link.target = "#" .. chapter_label(resolved)
  else
    return nil
  end
  return link
end

local function read_meta(doc)
  docdir = meta_string(doc.meta, "qmdrender-docdir")
  offset = meta_string(doc.meta, "qmdrender-offset") or ""
  pdf_mode = meta_string(doc.meta, "qmdrender-pdf")
  for path in (meta_string(doc.meta, "qmdrender-inputs") or ""):gmatch("[^|]+") do inputs[path] = true end
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
  doc.blocks:walk({
    Div = function(div) register(div.identifier) end,
    Figure = function(fig) register(fig.identifier) end,
    Image = function(img) register(img.identifier) end,
  })
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
      -- an image figure (`![cap](img){#fig-x}`)
      if is_html and kind_of(fig.identifier) then
        local caption = #fig.caption.long > 0 and pandoc.utils.blocks_to_inlines(fig.caption.long) or pandoc.Inlines({})
        return html_float(fig.identifier, {}, {}, fig.content, caption)
      end
      return fig
    end,
    Image = function(img)
      if is_typst and docdir and not img.src:match("^/") and not img.src:match("^%a+://") then
        img.src = "/" .. docdir .. "/" .. img.src
      end
      if is_html and kind_of(img.identifier) then img.classes:insert("figure-img") end
      return img
    end,
    Link = resolve_link,
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

-- Where citeproc puts the bibliography when the document cites anything besides figures and
-- tables and has no `::: {#refs}` of its own: Quarto's appendix after the last section (HTML),
-- a "References" heading (Typst).
local function add_references(doc)
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
  if not cites or has_refs_div then return doc end
  local refs = pandoc.Div(pandoc.Blocks({}), pandoc.Attr("refs", { "references", "csl-bib-body", "hanging-indent" }))
  if is_html then
    doc.blocks:insert(raw('<div id="quarto-appendix" class="default"><section class="quarto-appendix-contents" role="doc-bibliography" id="quarto-bibliography"><h2 class="anchored quarto-appendix-heading">References</h2>'))
    doc.blocks:insert(refs)
    doc.blocks:insert(raw("</section></div>"))
  else
    doc.blocks:insert(pandoc.Header(2, pandoc.Inlines({ pandoc.Str("References") }), pandoc.Attr("references")))
    doc.blocks:insert(refs)
  end
  return doc
end

function Pandoc(doc)
  read_meta(doc)
  doc = conditional_pass(doc)
  number_pass(doc)
  doc = transform_blocks(doc)
  doc = reference_pass(doc)
  if is_html then doc.blocks = pandoc.structure.make_sections(doc.blocks, {}) end
  return add_references(doc)
end
