-- Figures in the printed editions (Typst output only; the pages carry their alt text already).
--
-- A figure's description (the cell's `fig-alt`, kept on the image) becomes the Typst image's
-- `alt`, so the tagged PDF gives assistive technology the same description as the page.
-- Pandoc's Typst writer drops it, so the image is written here as Typst markup.

if not FORMAT:match("typst") then return {} end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ") .. '"'
end

function Image(img)
  local alt = img.attributes["fig-alt"] or img.attributes["alt"]
  if not alt or alt == "" then return nil end
  local arguments = { typst_string(img.src), "alt: " .. typst_string(alt) }
  for _, key in ipairs({ "width", "height" }) do
    local value = img.attributes[key]
    if value and value:match("^[%d.]+%a*%%?$") then table.insert(arguments, key .. ": " .. value) end
  end
  return pandoc.RawInline("typst", "#image(" .. table.concat(arguments, ", ") .. ")")
end
