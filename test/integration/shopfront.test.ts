import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { GitProject, migration } from './git.js';
import { kinds, relative, ROOT, runCheck } from './helpers.js';

const SHOPFRONT = path.join(ROOT, 'examples/shopfront');
const DROP_STOCK = 'migrations/20240105100000-drop-products-stock.js';

/**
 * examples/shopfront as a team adopting the gate finds it: 16 migrations, one of which cleans data with
 * the app's own sequelize-typescript models over DATABASE_URL, and four old drifts kept in its baseline.
 * Its through table is written the sequelize-cli way (primary key only) beside a belongsToMany model.
 */
describe.each(inject('servers'))('the shopfront example on $image', ({ url }) => {
  it('passes with its baseline; a new migration dropping a column fails with exactly one new finding; --new-only agrees', async () => {
    const project = new GitProject(SHOPFRONT);
    const adopted = await runCheck(url, { cwd: project.dir });
    expect(adopted.verdict).toBe('pass');
    expect(adopted.steps).toHaveLength(16);
    expect(adopted.findings.filter((finding) => finding.known)).toHaveLength(4);
    expect(kinds(adopted, 'error')).toEqual([]);
    // the UNIQUE index Sequelize adds to a through table is its primary key again
    expect(adopted.findings.filter((finding) => finding.table === 'product_tags')).toMatchObject([
      { kind: 'equivalent', severity: 'notice' },
    ]);

    project.git('checkout', '-q', '-b', 'drop-stock');
    project.write(
      DROP_STOCK,
      migration(
        "    await queryInterface.removeColumn('products', 'stock');",
        "    await queryInterface.addColumn('products', 'stock', { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 });",
      ),
    );
    project.commit('drop products.stock');
    const stockLine =
      project
        .read('src/models/product.model.ts')
        .split('\n')
        .findIndex((line) => line.includes('declare stock')) + 1;
    for (const options of [{}, { base: 'main', newOnly: true }]) {
      const result = await runCheck(url, { cwd: project.dir, ...options });
      const errors = result.findings.filter((finding) => finding.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        kind: 'drift',
        table: 'products',
        column: 'stock',
        migration: path.basename(DROP_STOCK),
      });
      expect(relative(result, errors[0]!)).toBe('src/models/product.model.ts');
      expect(errors[0]!.line).toBe(stockLine);
      expect(result.verdict).toBe('fail');
    }
  });
});

describe.each(inject('servers'))('seeded rows across several shopfront tables on $image', ({ url }) => {
  it('reads every seeded table after each later migration, and finds nothing lost by a rename done right', async () => {
    const project = new GitProject(SHOPFRONT);
    project.write(
      'test/seed.sql',
      `INSERT INTO users (email, name, createdAt, updatedAt) VALUES ('ann@example.com', 'Ann', NOW(), NOW());
INSERT INTO products (sku, title, price, stock, createdAt, updatedAt) VALUES ('SKU-1', 'Mug', 9.50, 3, NOW(), NOW());
INSERT INTO orders (userId, status, total, createdAt, updatedAt) VALUES (1, 'paid', 9.50, NOW(), NOW());
`,
    );
    const result = await runCheck(url, {
      cwd: project.dir,
      seed: 'test/seed.sql',
      seedAfter: '20230601120000-index-orders-status',
    });
    expect(result.findings.filter((finding) => finding.kind === 'data-loss')).toEqual([]);
    expect(result.history?.data).toMatchObject({ steps: 4, losses: [] });
    expect(result.history?.data?.tables).toEqual([
      { table: 'orders', seeded: 1, final: 1 },
      { table: 'products', seeded: 1, final: 1 },
      { table: 'tags', seeded: 2, final: 2 },
      { table: 'users', seeded: 1, final: 1 },
    ]);
  });
});
