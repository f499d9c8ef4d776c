import { Column, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Product } from './product.model';
import { Tag } from './tag.model';

@Table({ tableName: 'product_tags' })
export class ProductTag extends Model {
  @PrimaryKey
  @ForeignKey(() => Product)
  @Column
  declare productId: number;

  @PrimaryKey
  @ForeignKey(() => Tag)
  @Column
  declare tagId: number;
}
