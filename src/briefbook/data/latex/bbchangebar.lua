-- briefbook's change bars (bbchangebar.sty): where each changed element starts and ends, read back
-- from the .aux file, is drawn as a filled rectangle in the left margin of every page it spans,
-- marked as an artifact (a bar is not content).
bbcb = bbcb or {points = {}}

function bbcb.point(n, which, mode, page, x, y)
  bbcb.points[n] = bbcb.points[n] or {}
  bbcb.points[n][which] = {mode = mode, page = page, x = x, y = y}
end

-- page: the absolute page being shipped out; left: the bar's left edge; top, bottom: the text area's
-- (all in scaled points from the page's lower left corner); width: the bar's.
function bbcb.draw(page, left, top, bottom, width)
  local pt = 65536
  local bp = 65781.76
  local out = {}
  for _, p in pairs(bbcb.points) do
    local s, e = p.s, p.e
    if s and e and s.page <= page and page <= e.page then
      -- In a paragraph the mark is on a baseline: the bar starts a capital's height above it and ends
      -- below the descenders; between paragraphs it is where the last line ended.
      local y1 = top
      if s.page == page then y1 = s.y + ((s.mode == "h") and 9 * pt or -1 * pt) end
      local y2 = bottom
      if e.page == page then y2 = e.y - ((e.mode == "h") and 3 * pt or 1 * pt) end
      if y1 > top then y1 = top end
      if y1 > y2 then
        out[#out + 1] = string.format("%.2f %.2f %.2f %.2f re f", left / bp, y2 / bp, width / bp, (y1 - y2) / bp)
      end
    end
  end
  if #out > 0 then
    tex.sprint("\\pdfextension literal page {/Artifact BMC q 0 g " .. table.concat(out, " ") .. " Q EMC}")
  end
end
