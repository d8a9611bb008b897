-- Neovim's own LSP client (0.7: pushed diagnostics only, positions in UTF-16) driving qicase lsp:
-- run by nvim.sh with QICASE, CASE_DIR and RESULT set. Each line written to RESULT is "ok ..."
-- or "FAIL ...".
local qicase, dir, result = os.getenv('QICASE'), os.getenv('CASE_DIR'), os.getenv('RESULT')
local lines = {}
local function say(ok, what) table.insert(lines, (ok and 'ok ' or 'FAIL ') .. what) end
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

vim.cmd('edit ' .. dir .. '/notice.yaml')
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'qicase',
  cmd = { qicase, '--as-of', '2024-07-30', 'lsp', '--stdio' },
  root_dir = dir,
})
say(id ~= nil, 'the client started')
vim.lsp.buf_attach_client(buf, id)

-- The file as it is: an unknown key after an emoji and a wide sign, and a month 13.
say(vim.wait(15000, function() return #vim.diagnostic.get(buf) == 2 end, 20), 'two diagnostics published')
local found = vim.diagnostic.get(buf)
table.sort(found, function(a, b) return a.lnum < b.lnum end)
local recipient = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
local x = recipient:find(', x:', 1, true) + 1 -- the byte column (from 0) of `x`
say(found[1] and found[1].lnum == 5 and found[1].col == x,
  string.format('unknown key at line 5, byte column %d (UTF-16 read right): got %s:%s', x,
    found[1] and found[1].lnum, found[1] and found[1].col))
say(found[1] and code_of(found[1]) == 'field.unknown', 'its code is the rule')
say(found[1] and found[1].severity == vim.diagnostic.severity.ERROR, 'an error')
say(found[2] and found[2].lnum == 6 and found[2].col == 8 and code_of(found[2]) == 'field.date'
  and found[2].message:find('month 13', 1, true) ~= nil, 'the month 13 at line 6, column 8')

-- Edited in the buffer, not on disk: the date fixed, one diagnostic left.
vim.api.nvim_buf_set_lines(buf, 6, 7, false, { 'issued: 2024-02-05' })
say(vim.wait(15000, function() return #vim.diagnostic.get(buf) == 1 end, 20), 'after the edit, one diagnostic')
local left = vim.diagnostic.get(buf)[1]
say(left and code_of(left) == 'field.unknown', 'the unknown key is what is left')
local disk = io.open(dir .. '/notice.yaml'):read('*a')
say(disk:find('2024-13-01', 1, true) ~= nil, 'the file on disk is unchanged')

-- Hover on the `response:` line (13 from 0): the deadline it computes, its clause, where it
-- stands as of the server's day.
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 13, character = 2 } }
local answers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}
local hover = answers[id] and answers[id].result and answers[id].result.contents.value or ''
say(hover:find('due 2024-03-06, overdue by 146 days (4.9A B.2)', 1, true) ~= nil, 'hover on the response: ' .. hover)
-- Code lenses, as Neovim's codelens module reads them.
vim.lsp.codelens.refresh()
say(vim.wait(10000, function() return #vim.lsp.codelens.get(buf) > 0 end, 20), 'code lenses received')
local lens = vim.lsp.codelens.get(buf)[1]
say(lens and lens.range.start.line == 13 and lens.command.title:find('overdue by 146 days', 1, true) ~= nil,
  'a lens on the response line: ' .. (lens and lens.command.title or 'none'))

-- Go to the notice a QCAR answers: `notice:` on line 2 of qcar.yaml, then jump there as
-- Neovim's own handler does.
vim.cmd('edit ' .. dir .. '/qcar.yaml')
local qcar = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(qcar, id)
local where = vim.lsp.buf_request_sync(qcar, 'textDocument/definition',
  { textDocument = { uri = vim.uri_from_bufnr(qcar) }, position = { line = 2, character = 10 } }, 10000) or {}
local target = where[id] and where[id].result
say(target and target.uri == vim.uri_from_fname(dir .. '/notice.yaml') and target.range.start.line == 2,
  'the definition of `notice:` is the notice, at its id')
if target then
  vim.lsp.util.jump_to_location(target, 'utf-16')
end
say(vim.api.nvim_buf_get_name(0) == dir .. '/notice.yaml' and vim.api.nvim_win_get_cursor(0)[1] == 3,
  'jumped to the notice: ' .. vim.api.nvim_buf_get_name(0))

-- Pin this evidence: the code action on the `file:` line (7 from 0) of qcar.yaml, applied as
-- Neovim applies a workspace edit, leaves the hash and size under it in the buffer.
vim.cmd('buffer ' .. qcar)
local actions = vim.lsp.buf_request_sync(qcar, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(qcar) },
  range = { start = { line = 7, character = 0 }, ['end'] = { line = 7, character = 0 } },
  context = { diagnostics = {} },
}, 10000) or {}
local action = actions[id] and actions[id].result and actions[id].result[1]
say(action ~= nil and action.title:find('Pin this evidence', 1, true) == 1, 'a "pin this evidence" action is offered')
if action then
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
end
local pinned = vim.api.nvim_buf_get_lines(qcar, 8, 10, false)
say(pinned[1] == '    sha256: "' .. os.getenv('PIN') .. '"' and pinned[2] == '    size: 22',
  'the buffer holds the pin: ' .. table.concat(pinned, ' | '))

-- Complete a delegate id: `delegate: ` of audit.yaml (line 2), the registry in delegates/.
vim.cmd('edit ' .. dir .. '/audit.yaml')
local audit = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(audit, id)
local offered = vim.lsp.buf_request_sync(audit, 'textDocument/completion',
  { textDocument = { uri = vim.uri_from_bufnr(audit) }, position = { line = 2, character = 10 } }, 10000) or {}
local items = offered[id] and offered[id].result or {}
items = items.items or items
local summit
for _, item in ipairs(items) do
  if item.label == 'summit' then summit = item end
end
say(summit ~= nil and summit.detail == 'Summit Pointe Services', 'the delegate id `summit` is offered, with its name')

-- Stopped: shutdown and exit.
vim.lsp.stop_client(id)
say(vim.wait(10000, function() return vim.lsp.get_client_by_id(id) == nil end, 20), 'the server stopped')

local f = io.open(result, 'w')
f:write(table.concat(lines, '\n') .. '\n')
f:close()
vim.cmd('qall!')
