-- Scrollytelling blocks, the same under Quarto and the offline renderer.
--
--   ::: {.scrolly}
--   ::: {.sticky}
--   (one figure)
--   :::
--   ::: {.step data-show="A,B" data-highlight="B" data-xrange="2012,2018"}
--   Text that changes the figure when it scrolls into view.
--   :::
--   :::
--
-- A block may choose its layout with `data-layout` (scrolly.css): `sidebar-left` (the
-- default: steps on the left of the chart on wide screens, cards over the chart on narrow
-- ones), `sidebar-right`, or `overlay-left`, `overlay-center`, `overlay-right` (cards over
-- the chart on every screen).
--
-- HTML: the block keeps its structure; steps become keyboard-focusable and numbered, and
-- scrolly.js drives the figure. The block takes Quarto's `column-screen` class: on wide
-- screens it spans the screen (with a margin of its own), so the chart gets most of the width (the page grid
-- places it, under Quarto and offline alike). Other formats (the PDF): the block degrades to
-- the figure followed by the steps' text.

local is_html = FORMAT:match("html") ~= nil

local function count_class(blocks, class)
  local n = 0
  for _, block in ipairs(blocks) do
    if block.t == "Div" and block.classes:includes(class) then n = n + 1 end
  end
  return n
end

local LAYOUTS = { ["sidebar-left"] = true, ["sidebar-right"] = true, ["overlay-left"] = true,
  ["overlay-center"] = true, ["overlay-right"] = true }

local function check(div)
  local where = div.identifier ~= "" and ("#" .. div.identifier) or "a .scrolly block"
  if count_class(div.content, "sticky") ~= 1 then
    error("scrolly: " .. where .. " needs exactly one .sticky div (the figure), found " .. count_class(div.content, "sticky"))
  end
  if count_class(div.content, "step") == 0 then
    error("scrolly: " .. where .. " needs at least one .step div")
  end
  local layout = div.attributes["data-layout"] or div.attributes["layout"]
  if layout and not LAYOUTS[layout] then
    error("scrolly: " .. where .. " asks for layout '" .. layout .. "'; the layouts are sidebar-left, sidebar-right, overlay-left, overlay-center and overlay-right")
  end
end

function Div(div)
  if not div.classes:includes("scrolly") then return nil end
  check(div)
  if is_html then
    local step = 0
    for _, block in ipairs(div.content) do
      if block.t == "Div" and block.classes:includes("step") then
        step = step + 1
        block.attributes["data-step"] = tostring(step)
        block.attributes["tabindex"] = "0"
      end
    end
    div.attributes["data-steps"] = tostring(step)
    if div.attributes["layout"] then
      div.attributes["data-layout"] = div.attributes["layout"]
      div.attributes["layout"] = nil
    end
    if not div.attributes["data-layout"] then div.attributes["data-layout"] = "sidebar-left" end
    if not div.classes:includes("column-screen") then div.classes:insert("column-screen") end
    return div
  end
  local flat = pandoc.Blocks({})
  for _, block in ipairs(div.content) do
    if block.t == "Div" and (block.classes:includes("sticky") or block.classes:includes("step")) then
      flat:extend(block.content)
    else
      flat:insert(block)
    end
  end
  return flat
end
