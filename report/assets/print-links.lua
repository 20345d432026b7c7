-- Links in the printed editions (Typst output only; the pages are left alone).
--
-- On paper a relative address resolves to nothing, so no relative link may reach a PDF:
--   * a link to another chapter (`costs.qmd#efficiency`) goes to that chapter's page on the
--     published site (`<site-url>/report/costs.html#efficiency`); the whole-report PDF has
--     already made it a link inside the PDF (`#chapter-...`), which is left as it is;
--   * a link to a file of the site (a data download, `downloads/x.csv`) goes to its address on
--     the published site.
-- The site's address is `website.site-url` in _quarto.yml, the one place it is written. The
-- same filter runs under Quarto and the offline renderer (both list it in `filters`).

if not FORMAT:match("typst") then return {} end

local function trim_slash(s) return (s:gsub("/+$", "")) end

-- _quarto.yml read as a YAML metadata block (Pandoc's own YAML reader; no other parser here).
local function project_config(dir)
  local path = (dir and dir ~= "" and (dir .. "/") or "") .. "_quarto.yml"
  local handle = io.open(path, "r")
  if not handle then return nil end
  local text = handle:read("a")
  handle:close()
  return pandoc.read("---\n" .. text .. "\n---\n", "markdown").meta
end

local function project_dir()
  if quarto and quarto.project and quarto.project.directory then return quarto.project.directory end
  return os.getenv("QUARTO_PROJECT_DIR") or "."
end

local function site_url(meta)
  local website = meta.website
  if not (website and website["site-url"]) then
    local config = project_config(project_dir())
    website = config and config.website
  end
  if website and website["site-url"] then return trim_slash(pandoc.utils.stringify(website["site-url"])) end
  return nil
end

-- The document's folder inside the project ("report").
local function document_dir(meta)
  if meta["qmdrender-docdir"] then return pandoc.utils.stringify(meta["qmdrender-docdir"]) end
  if quarto and quarto.doc and quarto.doc.input_file then
    local input = pandoc.path.normalize(quarto.doc.input_file)
    local root = pandoc.path.normalize(project_dir())
    local relative = pandoc.path.make_relative(pandoc.path.directory(input), root)
    return relative
  end
  return "."
end

-- "report/../data/x.csv" -> "data/x.csv"; nil when the path climbs out of the project.
local function normalise(path)
  local parts = {}
  for part in path:gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then return nil end
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return table.concat(parts, "/")
end

local function is_relative(target)
  return not (target:match("^%a[%w+.-]*:") or target:match("^#") or target == "")
end

function Pandoc(doc)
  local base, dir = nil, document_dir(doc.meta)
  doc.blocks = doc.blocks:walk({
    Link = function(link)
      if not is_relative(link.target) then return nil end
      base = base or site_url(doc.meta)
      if not base then
        error("print-links: the link " .. link.target .. " is relative and _quarto.yml sets no website.site-url to resolve it against")
      end
      local path, rest = link.target:match("^([^#?]*)(.*)$")
      local from_root = path:match("^/") and path:sub(2) or normalise((dir ~= "." and (dir .. "/") or "") .. path)
      if not from_root then
        error("print-links: the link " .. link.target .. " points outside the project")
      end
      from_root = from_root:gsub("%.qmd$", ".html")
      link.target = base .. "/" .. from_root .. rest
      return link
    end,
  })
  return doc
end
