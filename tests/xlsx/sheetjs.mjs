// SheetJS (the `xlsx` package from npm) reads the workbooks qicase writes: each sheet of NAME.xlsx
// to NAME-SHEET.sheetjs.csv (dates as yyyy-mm-dd), for readers.py to hold to qicase's own CSV,
// and the cell types checked here: a date is a date, a number a number, a text a string and
// never a formula.
// Usage: node sheetjs.mjs DIR NAME...
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import XLSX from 'xlsx';

const [dir, ...names] = process.argv.slice(2);
let failed = 0;
for (const name of names) {
  const book = XLSX.read(readFileSync(path.join(dir, `${name}.xlsx`)), { cellDates: true, cellFormula: true });
  for (const sheetName of book.SheetNames) {
    const sheet = book.Sheets[sheetName];
    for (const [ref, cell] of Object.entries(sheet)) {
      if (ref.startsWith('!')) continue;
      if (cell.f !== undefined) {
        console.log(`FAIL ${name} ${sheetName}!${ref}: a formula (${cell.f})`);
        failed++;
      }
      if (!['s', 'n', 'd'].includes(cell.t)) {
        console.log(`FAIL ${name} ${sheetName}!${ref}: a cell of type ${cell.t}`);
        failed++;
      }
      if (cell.t === 'd' && !(cell.v instanceof Date)) {
        console.log(`FAIL ${name} ${sheetName}!${ref}: a date cell that is no date`);
        failed++;
      }
    }
    const csv = XLSX.utils.sheet_to_csv(sheet, { dateNF: 'yyyy-mm-dd', blankrows: false });
    writeFileSync(path.join(dir, `${name}-${sheetName}.sheetjs.csv`), `${csv}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
