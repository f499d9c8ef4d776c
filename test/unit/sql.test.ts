import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/chain/sql.js';

const sqlOf = (script: string) => splitStatements(script).map((statement) => statement.sql);
const linesOf = (script: string) => splitStatements(script).map((statement) => statement.line);

describe('splitStatements', () => {
  it.each([
    ['', []],
    ['   \n\t\n', []],
    [';;;', []],
    ['-- only a comment\n', []],
    ['# only a comment', []],
    ['/* only\n a comment */', []],
    ['-- one\n/* two */\n# three\n;\n', []],
  ])('finds no statement in %j', (script, expected) => {
    expect(splitStatements(script)).toEqual(expected);
  });

  it.each([
    ['SELECT 1', ['SELECT 1']], // no final semicolon
    ['SELECT 1;', ['SELECT 1']],
    ['SELECT 1; SELECT 2;', ['SELECT 1', 'SELECT 2']],
    ['  SELECT 1 ;\n\n  SELECT 2  ', ['SELECT 1', 'SELECT 2']],
    ["INSERT INTO t VALUES ('a;b');", ["INSERT INTO t VALUES ('a;b')"]],
    ['INSERT INTO t VALUES ("a;b");', ['INSERT INTO t VALUES ("a;b")']],
    ["INSERT INTO t VALUES ('it''s; fine');", ["INSERT INTO t VALUES ('it''s; fine')"]],
    ["INSERT INTO t VALUES ('it\\'s; fine');", ["INSERT INTO t VALUES ('it\\'s; fine')"]],
    ['CREATE TABLE `a;b` (id INT);', ['CREATE TABLE `a;b` (id INT)']],
    ['SELECT 1 -- not; here\n;', ['SELECT 1 -- not; here']],
    ['SELECT 1 # not; here\n;', ['SELECT 1 # not; here']],
    ['SELECT /* not; here */ 1;', ['SELECT /* not; here */ 1']],
    ['SELECT 1--1;', ['SELECT 1--1']], // `--` without a space is minus minus, not a comment
    ["SELECT ';' AS a, `;` AS b; SELECT 2", ["SELECT ';' AS a, `;` AS b", 'SELECT 2']],
  ])('splits %j', (script, expected) => {
    expect(sqlOf(script)).toEqual(expected);
  });

  it('keeps a comment that precedes a statement with that statement', () => {
    expect(sqlOf('-- create the table\nCREATE TABLE t (id INT);')).toEqual([
      '-- create the table\nCREATE TABLE t (id INT)',
    ]);
  });

  it('gives each statement the line it starts on', () => {
    const script = [
      'CREATE TABLE a (id INT);', // 1
      '', // 2
      'CREATE TABLE b (', // 3
      '  id INT', // 4
      ');', // 5
      '', // 6
      '', // 7
      'INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);', // 8
      "INSERT INTO a VALUES ('multi", // 9
      "line');", // 10
      'DROP TABLE b;', // 11
    ].join('\n');
    expect(splitStatements(script).map((statement) => [statement.line, statement.sql.split(' ')[0]])).toEqual([
      [1, 'CREATE'],
      [3, 'CREATE'],
      [8, 'INSERT'],
      [8, 'INSERT'],
      [9, 'INSERT'],
      [11, 'DROP'],
    ]);
  });

  it('counts lines inside block comments and quoted strings', () => {
    expect(linesOf("SELECT /* a\nb\nc */ 1;\nSELECT '\n\n';\nSELECT 3;")).toEqual([1, 4, 7]);
  });

  it('handles CRLF line ends', () => {
    expect(splitStatements('SELECT 1;\r\n\r\nSELECT 2;\r\n')).toEqual([
      { sql: 'SELECT 1', line: 1 },
      { sql: 'SELECT 2', line: 3 },
    ]);
  });

  describe('DELIMITER', () => {
    const trigger = [
      'CREATE TABLE t (n INT);', // 1
      'DELIMITER $$', // 2
      'CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW', // 3
      'BEGIN', // 4
      '  SET NEW.n = NEW.n + 1;', // 5
      '  SET NEW.n = NEW.n * 2;', // 6
      'END$$', // 7
      'DELIMITER ;', // 8
      'INSERT INTO t VALUES (1);', // 9
    ].join('\n');

    it('keeps semicolons inside a block and splits on the new delimiter', () => {
      expect(sqlOf(trigger)).toEqual([
        'CREATE TABLE t (n INT)',
        'CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.n = NEW.n + 1;\n  SET NEW.n = NEW.n * 2;\nEND',
        'INSERT INTO t VALUES (1)',
      ]);
    });

    it('never sends the DELIMITER lines and keeps line numbers right after them', () => {
      expect(linesOf(trigger)).toEqual([1, 3, 9]);
      expect(sqlOf(trigger).some((sql) => /delimiter/i.test(sql))).toBe(false);
    });

    it.each([
      ['lower case and //', 'delimiter //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\ndelimiter ;\nSELECT 2;'],
      ['indented and ;;', '  DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; END;;\nDELIMITER ;\nSELECT 2;'],
    ])('honours %s', (_what, script) => {
      expect(sqlOf(script)).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1; END', 'SELECT 2']);
    });

    it('does not take a DELIMITER word inside a statement for a directive', () => {
      expect(sqlOf("SELECT 'x'\nDELIMITER $$;")).toEqual(["SELECT 'x'\nDELIMITER $$"]);
    });

    it('ignores the delimiter inside quotes', () => {
      expect(sqlOf("DELIMITER $$\nSELECT '$$' $$\nSELECT 2 $$")).toEqual(["SELECT '$$'", 'SELECT 2']);
    });
  });

  // Bug: a trailing comment after a statement starts the next statement's text, so the next statement
  // is reported on the previous statement's line (line 1 here, where `SELECT 2` is on line 2). An error
  // in `SELECT 2` of an SQL migration is then annotated on the line of `SELECT 1`.
  it('reports a statement after a trailing comment on its own line', () => {
    expect(linesOf('SELECT 1; -- first\nSELECT 2;')).toEqual([1, 2]);
  });

  // Bug: MySQL executable comments (`/*! ... */`, as mysqldump writes them, e.g. `/*!40101 SET NAMES
  // utf8mb4 */;` or triggers as `/*!50003 CREATE*/ /*!50003 TRIGGER ... */;;`) are run by the mysql
  // client and the server, but the comment-only filter in `flush` drops them as if they were comments.
  it('keeps MySQL executable comments /*! ... */, which the mysql client sends', () => {
    expect(sqlOf('/*!40101 SET NAMES utf8mb4 */;\nSELECT 1;')).toEqual(['/*!40101 SET NAMES utf8mb4 */', 'SELECT 1']);
  });
});
