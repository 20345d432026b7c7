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
-- HTML: the block keeps its structure; steps become keyboard-focusable and numbered, and
-- scrolly.js drives the figure. The block takes Quarto's `column-page-right` class: on wide
-- screens it spans the text column and the margin beside it (the page grid places it, under
-- Quarto and offline alike). Other formats (the PDF): the block degrades to the figure
-- followed by the steps' text.

local is_html = FORMAT:match("html") ~= nil

local function count_class(blocks, class)
  local n = 0
  for _, block in ipairs(blocks) do
    if block.t == "Div" and block.classes:includes(class) then n = n + 1 end
  end
  return n
end

local function check(div)
  local where = div.identifier ~= "" and ("#" .. div.identifier) or "a .scrolly block"
  if count_class(div.content, "sticky") ~= 1 then
    error("scrolly: " .. where .. " needs exactly one .sticky div (the figure), found " .. count_class(div.content, "sticky"))
  end
  if count_class(div.content, "step") == 0 then
    error("scrolly: " .. where .. " needs at least one .step div")
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
      elseif block.t == "Div" and block.classes:includes("sticky") then
        block.attributes["aria-live"] = "polite"
      end
    end
    div.attributes["data-steps"] = tostring(step)
    if not div.classes:includes("column-page-right") then div.classes:insert("column-page-right") end
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
