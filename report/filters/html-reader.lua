-- HTML for every reader, in both engines (Quarto runs this filter after its own, at
-- post-render; the pandoc engine runs it as written):
-- * a wide table scrolls inside its own container on a narrow screen, instead of widening
--   the page; the container is a labelled region that a keyboard can reach and scroll;
-- * the "About this brief" box is a labelled region;
-- * a chart whose alt text only repeats its caption gets an empty alt (alt=""), so the
--   caption is read once and stays reachable (pandoc hides a caption that repeats the alt text from
--   screen readers, and a hidden caption must not hold links);
-- * the page never carries the build machine's paths (Quarto marks each embedded notebook
--   with its absolute path, for notebook links that the brief does not use).

local stringify = pandoc.utils.stringify
local NOTEBOOK_ATTRIBUTES = { "notebook", "notebook-title", "notebook-cellId" }
local tables_seen = 0

local function label_for(tbl)
  local caption = stringify(tbl.caption.long or {})
  caption = caption:gsub("%s+", " "):gsub("^%s+", "")
  if caption ~= "" then
    local short = caption:match("^(.-)%.%s") or caption
    if #short > 90 then
      short = short:sub(1, 87) .. "…"
    end
    return short
  end
  return "Table " .. tables_seen .. " of the brief"
end

local function Table(tbl)
  tables_seen = tables_seen + 1
  return pandoc.Div({ tbl }, {
    class = "table-scroll",
    tabindex = "0",
    role = "region",
    ["aria-label"] = label_for(tbl),
  })
end

local function Div(div)
  for _, name in ipairs(NOTEBOOK_ATTRIBUTES) do
    div.attributes[name] = nil
  end
  if div.classes:includes("run-info") then
    div.attributes["role"] = "region"
    div.attributes["aria-label"] = "About this brief"
  end
  return div
end

local function Figure(figure)
  local caption = stringify(figure.caption.long or {})
  return figure:walk({
    Image = function(image)
      if caption ~= "" and stringify(image.caption) == caption then
        image.caption = {}
        image.attributes["alt"] = ""
        return image
      end
    end,
  })
end

if FORMAT:match("html") then
  return { { Div = Div, Figure = Figure }, { Table = Table } }
end
return {}
