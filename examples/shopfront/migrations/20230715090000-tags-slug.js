'use strict';
// Slugs are made by the app's own Tag model (through the tsconfig path @app), which connects through
// DATABASE_URL.
const { Tag } = require('@app/db');

module.exports = {
  slugify(name) {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  },

  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('tags', 'slug', { type: Sequelize.STRING(80), allowNull: true });
    for (const tag of await Tag.findAll()) await tag.update({ slug: this.slugify(tag.name) });
    await queryInterface.addIndex('tags', ['slug'], { name: 'tags_slug_unique', unique: true });
  },

  async down(queryInterface) {
    await queryInterface.removeIndex('tags', 'tags_slug_unique');
    await queryInterface.removeColumn('tags', 'slug');
  },
};
