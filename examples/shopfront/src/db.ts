import 'reflect-metadata';
import { Sequelize } from 'sequelize-typescript';
import { Order } from './models/order.model';
import { OrderItem } from './models/order-item.model';
import { Product } from './models/product.model';
import { ProductTag } from './models/product-tag.model';
import { Tag } from './models/tag.model';
import { User } from './models/user.model';

// The app's own connection, opened from the environment when this module is first loaded.
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set');

export const sequelize = new Sequelize(process.env.DATABASE_URL, {
  logging: false,
  models: [User, Product, Order, OrderItem, Tag, ProductTag],
});
export { Tag };
