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

-- Quarto puts a table's caption outside the table, in the float that holds it, and points
-- to it with aria-describedby: the scrolling region takes that caption as its label.
local function label_by_float_caption(div)
  local caption_id = div.attributes["aria-describedby"]
  if not caption_id then
    return div
  end
  return div:walk({
    Div = function(inner)
      if inner.classes:includes("table-scroll") then
        inner.attributes["aria-label"] = nil
        inner.attributes["aria-labelledby"] = caption_id
        return inner
      end
    end,
  })
end

local function Div(div)
  div = label_by_float_caption(div)
  for _, name in ipairs(NOTEBOOK_ATTRIBUTES) do
    div.attributes[name] = nil
  end
  if div.classes:includes("run-info") then
    div.attributes["role"] = "region"
    div.attributes["aria-label"] = "About this brief"
  end
  return div
end

-- Alt text: Quarto's fig-alt, also for the pandoc engine (Quarto has consumed it before
-- this filter runs); a chart with no alt text of its own is presented by its caption
-- (alt="": no screen reader reads a file name instead).
local function Image(image)
  local fig_alt = image.attributes["fig-alt"]
  if fig_alt then
    image.attributes["fig-alt"] = nil
    image.caption = pandoc.Inlines({ pandoc.Str(fig_alt) })
    return image
  end
  if #image.caption == 0 and not image.attributes["alt"] then
    image.attributes["alt"] = ""
    return image
  end
end

local function Figure(figure)
  local caption = stringify(figure.caption.long or {})
  return figure:walk({
    Image = function(image)
      if caption ~= "" and not image.attributes["alt"] and stringify(image.caption) == caption then
        image.caption = {}
        image.attributes["alt"] = ""
        return image
      end
    end,
  })
end

if FORMAT:match("html") then
  return { { Image = Image }, { Figure = Figure }, { Table = Table }, { Div = Div } }
end
return {}
