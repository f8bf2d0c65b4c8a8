-- The appendix is numbered as an appendix: A, A.1, A.2, … in the HTML and the PDF of both
-- engines. It starts at the first level-1 heading whose text begins with "Appendix" (or
-- that carries the class "lettered-appendix"); every heading from there on is lettered,
-- and the chapters' numbering (1, 2, …) is untouched. The notebook marks that heading
-- unnumbered, so that without this filter it is plain, not the next chapter. Headings are
-- visited in document order, also inside Divs (Quarto wraps embedded notebooks in Divs).

local APPENDIX_CLASS = "lettered-appendix"

local function starts_appendix(header)
  if header.level ~= 1 then
    return false
  end
  return header.classes:includes(APPENDIX_CLASS) or pandoc.utils.stringify(header.content):match("^Appendix") ~= nil
end

local function letter(n)
  return string.char(string.byte("A") + n - 1)
end

-- HTML: the letters are written into the headings as Quarto and pandoc write numbers (a
-- span of class "header-section-number"), and the headings are marked unnumbered so that
-- neither goes on counting chapters into the appendix.
local function html_filter()
  local counters, started = {}, false
  return {
    Header = function(block)
      started = started or starts_appendix(block)
      if not started then
        return nil
      end
      counters[block.level] = (counters[block.level] or 0) + 1
      for level = block.level + 1, 6 do
        counters[level] = 0
      end
      local parts = { letter(counters[1] or 1) }
      for level = 2, block.level do
        table.insert(parts, tostring(counters[level] or 0))
      end
      local number = table.concat(parts, ".")
      if not block.classes:includes("unnumbered") then
        block.classes:insert("unnumbered")
      end
      block.content:insert(1, pandoc.Space())
      block.content:insert(1, pandoc.Span({ pandoc.Str(number) }, { class = "header-section-number" }))
      return block
    end,
  }
end

-- Typst: the heading counter restarts at the appendix, numbered with letters.
local function typst_filter()
  local started = false
  return {
    Header = function(block)
      local first = not started and starts_appendix(block)
      started = started or first
      if not started then
        return nil
      end
      block.classes = block.classes:filter(function(c) return c ~= "unnumbered" end)
      if first then
        return { pandoc.RawBlock("typst", '#counter(heading).update(0)\n#set heading(numbering: "A.1")'), block }
      end
      return block
    end,
  }
end

function Pandoc(doc)
  if FORMAT:match("typst") then
    return doc:walk(typst_filter())
  elseif FORMAT:match("html") then
    return doc:walk(html_filter())
  end
end
