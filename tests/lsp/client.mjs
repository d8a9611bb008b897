// qicase lsp driven by Microsoft's protocol layer (vscode-languageserver-protocol over
// vscode-jsonrpc: what VS Code's language clients are built on), nothing of ours in between:
// the whole lifecycle, every example file's diagnostics against `qicase check --format json` of
// the same text, broken versions of them against `qicase check -` of the broken text, hover and
// code lenses on a CAP, hover on ids, definition and references, completion of delegate and
// finding ids, pin this evidence, a certain did-you-mean, related places, file watchers and file
// events, a notice's edit re-checking its QCAR, a request the server does not answer, a
// cancelled one, and a burst of 100 changes answered in order with the last text's diagnostics.
// Usage: node client.mjs QICASE EXAMPLES_DIR
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, CancellationTokenSource,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  PublishDiagnosticsNotification, HoverRequest, CodeLensRequest, DefinitionRequest, ReferencesRequest, CompletionRequest, CodeActionRequest, ErrorCodes,
  RegistrationRequest, DidChangeWatchedFilesNotification, FileChangeType, ExecuteCommandRequest,
} from 'vscode-languageserver-protocol/node.js';

const [qicase, examplesDir] = process.argv.slice(2);
const examples = path.resolve(examplesDir);
const asOf = '2024-07-30';
let passed = 0;
let failed = 0;
const check = (ok, what, detail = '') => {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
};
const timer = setTimeout(() => {
  console.log('FAIL the session did not end within 120 s');
  process.exit(1);
}, 120000);

const server = spawn(qicase, ['--as-of', asOf, 'lsp', '--stdio'], { cwd: examples, stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const published = new Map(); // uri: every publication, in order
let waiting = [];
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  if (!published.has(params.uri)) published.set(params.uri, []);
  published.get(params.uri).push(params);
  waiting = waiting.filter((w) => !w(params));
});
const registrations = [];
connection.onRequest(RegistrationRequest.type, (params) => {
  registrations.push(...params.registrations);
  return null;
});
connection.listen();
// The first publication for `uri` (with `version`, when given) from now on.
const diagnosticsOf = (uri, version) => new Promise((resolve) => {
  waiting.push((p) => {
    if (p.uri !== uri || (version !== undefined && p.version !== version)) return false;
    resolve(p);
    return true;
  });
});

// What `check --format json` says of `text`, read from standard input as the file `rel`.
const checkSays = (rel, text) => {
  let out;
  try {
    out = execFileSync(qicase, ['--as-of', asOf, 'check', '--format', 'json', '--stdin-filename', rel, '-'],
      { cwd: examples, input: text, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch (e) {
    out = e.stdout; // exit 1: findings
  }
  return JSON.parse(out.toString()).files[0].diagnostics;
};

// check's diagnostic in the protocol's terms: lines from 0, columns in UTF-16 code units (a JS
// string's length) of the bytes before it.
const expected = (text, d) => {
  const lines = text.split('\n');
  const line = Math.max(d.line - 1, 0);
  const bytes = Buffer.from(lines[line] ?? '', 'utf8').subarray(0, Math.max(d.column - 1, 0));
  return {
    line, character: Math.min(bytes.toString('utf8').length, (lines[line] ?? '').replace(/[\s]+$/, '').length),
    code: d.rule, severity: d.baseline === 'unchanged' ? 4 : d.severity === 'error' ? 1 : 2, message: d.message,
  };
};

const sameAsCheck = async (rel, text, what, version = 1, open = true) => {
  const uri = pathToFileURL(path.join(examples, rel)).href;
  const got = diagnosticsOf(uri, version);
  if (open) {
    connection.sendNotification(DidOpenTextDocumentNotification.type,
      { textDocument: { uri, languageId: 'yaml', version, text } });
  } else {
    connection.sendNotification(DidChangeTextDocumentNotification.type,
      { textDocument: { uri, version }, contentChanges: [{ text }] });
  }
  const lsp = (await got).diagnostics;
  const want = checkSays(rel, text).map((d) => expected(text, d));
  check(lsp.length === want.length, `${what}: as many diagnostics as check`, `${lsp.length} != ${want.length}`);
  want.forEach((w, i) => {
    const d = lsp[i] ?? { range: { start: {} } };
    const ok = d.range.start.line === w.line && d.range.start.character === w.character && d.code === w.code
      && d.severity === w.severity && typeof d.message === 'string' && d.message.startsWith(w.message);
    check(ok, `${what}: diagnostic ${i + 1} as check says it`, `${JSON.stringify(d)} vs ${JSON.stringify(w)}`);
  });
  return uri;
};

// Opens an example file (from EXAMPLES_DIR) and waits for its first diagnostics.
const openExample = async (rel) => {
  const uri = pathToFileURL(path.join(examples, rel)).href;
  const text = readFileSync(path.join(examples, rel), 'utf8');
  const opened = diagnosticsOf(uri, 1);
  connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  return { uri, text };
};

const caseFiles = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  if (e.name.startsWith('.')) return [];
  const full = path.join(dir, e.name);
  return e.isDirectory() ? caseFiles(full) : e.name.endsWith('.yaml') ? [full] : [];
});

try {
  const init = await connection.sendRequest(InitializeRequest.type,
    { processId: process.pid, rootUri: pathToFileURL(examples).href, workspaceFolders: null,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  check(init.capabilities.positionEncoding === 'utf-16', 'positions in UTF-16 by default');
  check(init.capabilities.textDocumentSync.change === 1, 'whole texts on change');
  connection.sendNotification(InitializedNotification.type, {});

  // Every example file, as it is and broken three ways.
  const files = caseFiles(examples);
  check(files.length > 20, 'the examples found', `${files.length}`);
  let broken = 0;
  for (const file of files) {
    const rel = path.relative(examples, file);
    const text = readFileSync(file, 'utf8');
    const uri = await sameAsCheck(rel, text, rel);
    const dated = text.replace(/^(\s*\w+: )20\d\d-\d\d-\d\d/m, '$12024-13-01');
    if (dated !== text) {
      await sameAsCheck(rel, dated, `${rel} with a month 13`, 2, false);
      broken++;
    }
    await sameAsCheck(rel, `${text}\nunknown_key_\u2265_\u{1F600}: {a: "\u{1F600}", b: 1}\n`, `${rel} with an unknown key`, 3, false);
    await sameAsCheck(rel, text.replace(/^id: .*$/m, 'id: [not, an, id]'), `${rel} with a list for its id`, 4, false);
    const closed = diagnosticsOf(uri);
    connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    check((await closed).diagnostics.length === 0, `${rel}: closed, its diagnostics cleared`);
  }
  check(broken > 10, 'dates broken in the examples', `${broken}`);

  // Hover on a CAP's deficiency: its remedy deadline as of the server's day, and the rule the
  // line breaks; a lens on each line that holds an open obligation.
  const { uri: capUri } = await openExample('notices/2024-038-pinecrest-access/cap.yaml');
  const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: capUri }, position: { line: 28, character: 4 } });
  check(hover?.contents?.kind === 'markdown' && hover.contents.value.includes('due 2024-11-28, due in 121 days (4.9A H, I)')
    && hover.contents.value.includes('`cap.root-cause`'), 'hover on a deficiency', JSON.stringify(hover));
  const lenses = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: capUri } });
  check(lenses.length >= 4 && lenses.some((l) => l.command.title.includes('overdue by 31 days (4.9A F.4)')),
    'code lenses on the open obligations', JSON.stringify(lenses.map((l) => l.command.title)));

  // Go to the notice a QCAR answers, and from the notice to the QCAR.
  const { uri: qcarUri } = await openExample('notices/2024-034-westlake-extension-late/qcar.yaml');
  const westNoticeUri = pathToFileURL(path.join(examples, 'notices/2024-034-westlake-extension-late/notice.yaml')).href;
  const definition = await connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: qcarUri }, position: { line: 7, character: 10 } });
  check(definition?.uri === westNoticeUri && definition.range.start.line === 4, 'go to the notice', JSON.stringify(definition));
  await openExample('notices/2024-034-westlake-extension-late/notice.yaml');
  const answering = await connection.sendRequest(ReferencesRequest.type,
    { textDocument: { uri: westNoticeUri }, position: { line: 4, character: 4 }, context: { includeDeclaration: false } });
  check(answering.length === 1 && answering[0].uri === qcarUri, 'the cases answering the notice', JSON.stringify(answering));
  check(registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'file watchers registered',
    JSON.stringify(registrations));
  // What the ids name: the notice on `notice:`, the finding on `finding:`, and the findings offered.
  const idHover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: qcarUri }, position: { line: 7, character: 10 } });
  check(idHover?.contents?.value?.includes('**notice NNC-2024-034**') && idHover.contents.value.includes('Grievance acknowledgements sent late'),
    'hover on a notice id', JSON.stringify(idHover));
  const findingHover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: qcarUri }, position: { line: 13, character: 14 } });
  check(findingHover?.contents?.value?.includes('**finding F1** of notice NNC-2024-034'), 'hover on a finding id',
    JSON.stringify(findingHover));
  const findingItems = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: qcarUri }, position: { line: 13, character: 13 } });
  const findingLabels = (Array.isArray(findingItems) ? findingItems : findingItems.items).map((i) => i.label);
  check(findingLabels.join() === 'F1', 'complete a finding id', JSON.stringify(findingLabels));
  const ran = await connection.sendRequest(ExecuteCommandRequest.type, { command: 'qicase.obligation', arguments: [] });
  check(ran === null, "a code lens's command runs and does nothing", JSON.stringify(ran));

  // A finding the notice does not have: the other file named, and the certain fix offered.
  const qcarText = readFileSync(path.join(examples, 'notices/2024-034-westlake-extension-late/qcar.yaml'), 'utf8');
  const wrongFinding = qcarText.replace('  - finding: F1', '  - finding: F2');
  const wrongSeen = diagnosticsOf(qcarUri, 2);
  connection.sendNotification(DidChangeTextDocumentNotification.type,
    { textDocument: { uri: qcarUri, version: 2 }, contentChanges: [{ text: wrongFinding }] });
  const wrong = (await wrongSeen).diagnostics.find((d) => d.code === 'qcar.finding');
  check(wrong?.relatedInformation?.[0]?.location?.uri === westNoticeUri, 'a cross-file finding names the notice',
    JSON.stringify(wrong));
  const fixes = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: qcarUri }, range: wrong?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: wrong ? [wrong] : [] },
  });
  const fix = fixes?.find((a) => a.title === 'Write `F1`');
  const fixEdit = fix?.edit?.changes?.[qcarUri]?.[0];
  const fixedLine = fixEdit && wrongFinding.split('\n')[fixEdit.range.start.line];
  check(fixEdit && fixedLine.slice(0, fixEdit.range.start.character) + fixEdit.newText + fixedLine.slice(fixEdit.range.end.character)
    === '  - finding: F1', 'the did-you-mean fix', JSON.stringify(fixes));
  // The notice edited to list F2: the open QCAR is checked again against the buffer.
  const westNotice = readFileSync(path.join(examples, 'notices/2024-034-westlake-extension-late/notice.yaml'), 'utf8');
  const recheck = diagnosticsOf(qcarUri);
  connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: westNoticeUri, version: 2 },
    contentChanges: [{ text: westNotice.replace('response:\n', '  - {id: F2, summary: S, category: other, basis: B, evidence: E}\nresponse:\n') }],
  });
  check(!(await recheck).diagnostics.some((d) => d.code === 'qcar.finding'), "the notice's edit checks the QCAR again");
  // A file changed on disk: the open cases are checked again.
  const watched = diagnosticsOf(qcarUri);
  connection.sendNotification(DidChangeWatchedFilesNotification.type,
    { changes: [{ uri: pathToFileURL(path.join(examples, 'delegates/westlake.yaml')).href, type: FileChangeType.Changed }] });
  check((await watched).version === 2, 'a file event checks the open cases again');

  // Complete a delegate id: the registry's, found also by its name.
  const { uri: acmeUri, text: acmeText } = await openExample('audits/2024-acme-credentialing/audit.yaml');
  const delegateLine = acmeText.split('\n').findIndex((l) => l.startsWith('delegate:'));
  const completion = await connection.sendRequest(CompletionRequest.type,
    { textDocument: { uri: acmeUri }, position: { line: delegateLine, character: 10 } });
  const offered = Array.isArray(completion) ? completion : completion.items;
  const acmeItem = offered.find((i) => i.label === 'acme');
  check(offered.length === 13 && acmeItem?.filterText?.includes('Acme Medical Group'), 'complete a delegate id',
    JSON.stringify(offered.map((i) => i.label)));
  // `delegate: Acme Medical Group` names it by its name: definition finds the registry's file.
  const toDelegate = await connection.sendRequest(DefinitionRequest.type,
    { textDocument: { uri: acmeUri }, position: { line: delegateLine, character: 12 } });
  check(toDelegate?.uri === pathToFileURL(path.join(examples, 'delegates/acme.yaml')).href, 'go to a delegate named by its name',
    JSON.stringify(toDelegate));

  // Pin this evidence: the action on a `file:` line whose pin was taken out of the buffer.
  const { uri: acmeCapUri, text: acmeCap } = await openExample('audits/2024-acme-credentialing/cap.yaml');
  const unpinned = acmeCap.replace(/^ {8}sha256: .*\n {8}size: .*\n/m, '');
  const unpinnedSeen = diagnosticsOf(acmeCapUri, 2);
  connection.sendNotification(DidChangeTextDocumentNotification.type,
    { textDocument: { uri: acmeCapUri, version: 2 }, contentChanges: [{ text: unpinned }] });
  await unpinnedSeen;
  const fileLine = unpinned.split('\n').findIndex((l) => l.includes('file: evidence/cr1a-policy-2024-07-16.txt'));
  const actions = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: acmeCapUri },
    range: { start: { line: fileLine, character: 0 }, end: { line: fileLine, character: 0 } },
    context: { diagnostics: [] },
  });
  const edit = actions?.[0]?.edit?.changes?.[acmeCapUri]?.[0];
  check(actions?.length === 1 && actions[0].kind === 'quickfix' && edit?.range.start.line === fileLine + 1
    && edit.newText.replaceAll('"', '') === acmeCap.split('\n').slice(fileLine + 1, fileLine + 3).join('\n') + '\n',
  'pin this evidence', JSON.stringify(actions));

  // A request the server does not answer, and one cancelled at once.
  const { uri: noticeUri, text: noticeText } = await openExample('notices/2024-012-summit-recurring/notice.yaml');
  try {
    await connection.sendRequest('textDocument/signatureHelp', { textDocument: { uri: noticeUri }, position: { line: 0, character: 0 } });
    check(false, 'a request not answered: MethodNotFound');
  } catch (e) {
    check(e.code === ErrorCodes.MethodNotFound, 'a request not answered: MethodNotFound', `${e.code}`);
  }
  const source = new CancellationTokenSource();
  const cancelled = connection.sendRequest(HoverRequest.type,
    { textDocument: { uri: noticeUri }, position: { line: 0, character: 0 } }, source.token);
  source.cancel();
  try {
    const answer = await cancelled;
    check(answer === null, 'a cancelled request answered before its cancel came: null for line 0', JSON.stringify(answer));
  } catch (e) {
    check(e.code === -32800, 'a cancelled request: RequestCancelled', `${e.code} ${e.message}`);
  }

  // A burst of 100 changes: answered in order, the last publication for the last text.
  const before = (published.get(noticeUri) ?? []).length;
  const last = diagnosticsOf(noticeUri, 101);
  for (let v = 2; v <= 101; v++) {
    const text = v === 101 ? noticeText.replace('issued: 2024-02-05', 'issued: 2024-02-31') : `${noticeText}# ${v}\n`;
    connection.sendNotification(DidChangeTextDocumentNotification.type,
      { textDocument: { uri: noticeUri, version: v }, contentChanges: [{ text }] });
  }
  const final = await last;
  const burst = published.get(noticeUri).slice(before);
  const versions = burst.map((p) => p.version);
  check(versions.every((v, i) => i === 0 || v > versions[i - 1]), 'the burst answered in order', versions.join(','));
  check(burst.at(-1).version === 101, 'the last publication is the last version');
  check(final.diagnostics.length === 1 && final.diagnostics[0].code === 'field.date'
    && final.diagnostics[0].message.includes('2024-02-31'), "the last text's diagnostics",
    JSON.stringify(final.diagnostics));

  await connection.sendRequest(ShutdownRequest.type);
  connection.sendNotification(ExitNotification.type);
  check((await exited) === 0, 'exit after shutdown ends with 0');
} catch (e) {
  check(false, 'the session', e.stack ?? String(e));
}
clearTimeout(timer);
connection.dispose();
console.log(`lsp client: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
