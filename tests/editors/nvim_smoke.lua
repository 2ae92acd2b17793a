-- Headless Neovim (0.7+): start `claimlint lsp`, open a page, wait for its
-- diagnostics and write them out, one "line:column:code" per line.
local out = vim.env.CLAIMLINT_OUT
local cmd = vim.fn.json_decode(vim.env.CLAIMLINT_CMD)
vim.cmd("edit " .. vim.fn.fnameescape(vim.env.CLAIMLINT_FILE))
local client = vim.lsp.start_client({ name = "claimlint", cmd = cmd, root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(0, client)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, string.format("%d:%d:%s", d.lnum, d.col, code))
end
vim.fn.writefile(lines, out)
vim.cmd("qa!")
