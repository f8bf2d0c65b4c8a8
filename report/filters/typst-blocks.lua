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
