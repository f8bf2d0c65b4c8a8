-- Pandoc Lua filter for the PDF (typst) of the pandoc engine: a Div of class "run-info"
-- becomes a call of the template's runinfo() box.
-- HTML styles the same Divs with assets/brief.css, so both outputs say the same thing.
function Div(el)
  if not FORMAT:match("typst") then
    return nil
  end
  if el.classes:includes("run-info") then
    local blocks = { pandoc.RawBlock("typst", "#runinfo[") }
    for _, b in ipairs(el.content) do
      table.insert(blocks, b)
    end
    table.insert(blocks, pandoc.RawBlock("typst", "]"))
    return blocks
  end
end

-- Pandoc's typst writer leaves "//" in text as it is, and typst reads it as the start of a
-- comment (losing the rest of the line, brackets included). Escape the second slash, also
-- where the two slashes end one text run and start the next.
local function split_slashes(text)
  local out, rest = {}, text
  while true do
    local at = rest:find("//", 1, true)
    if not at then
      break
    end
    table.insert(out, pandoc.Str(rest:sub(1, at)))
    table.insert(out, pandoc.RawInline("typst", "\\/"))
    rest = rest:sub(at + 2)
  end
  if #rest > 0 then
    table.insert(out, pandoc.Str(rest))
  end
  return out
end

function Inlines(inlines)
  if not FORMAT:match("typst") then
    return nil
  end
  local out, previous_slash = {}, false
  for _, el in ipairs(inlines) do
    if el.t == "RawInline" and el.format == "html" then
      -- dropped from typst output anyway; dropping it here lets its neighbours meet
    elseif el.t == "Str" then
      local text = el.text
      if previous_slash and text:sub(1, 1) == "/" then
        table.insert(out, pandoc.RawInline("typst", "\\/"))
        text = text:sub(2)
      end
      for _, part in ipairs(split_slashes(text)) do
        table.insert(out, part)
      end
      previous_slash = text:sub(-1) == "/"
    else
      table.insert(out, el)
      previous_slash = false
    end
  end
  return out
end

-- A long identifier in a table cell (scenario_inputs.server_market_first_year_usd_bn) has no
-- break point for typst and runs into the next column: allow a break after each "." and "_".
function Table(el)
  if not FORMAT:match("typst") then
    return nil
  end
  return el:walk({
    Str = function(s)
      if #s.text > 24 and s.text:find("[._]") then
        return pandoc.Str((s.text:gsub("([._])", "%1\u{200B}")))
      end
    end,
  })
end
