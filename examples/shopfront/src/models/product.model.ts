import { AllowNull, BelongsToMany, Column, DataType, Default, Index, Model, Table } from 'sequelize-typescript';
import { ProductTag } from './product-tag.model';
import { Tag } from './tag.model';

@Table({ tableName: 'products' })
export class Product extends Model {
  @Index({ name: 'products_sku', unique: true })
  @AllowNull(false)
  @Column(DataType.STRING(40))
  declare sku: string;

  @AllowNull(false)
  @Column(DataType.STRING(200))
  declare title: string;

  @AllowNull(false)
  @Column(DataType.DECIMAL(10, 2))
  declare price: string;

  @AllowNull(false)
  @Default(0)
  @Column
  declare stock: number;

  @Column(DataType.TEXT)
  declare description: string | null;

  @BelongsToMany(() => Tag, () => ProductTag)
  declare tags: Tag[];
}
