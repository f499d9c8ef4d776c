import { AllowNull, BelongsToMany, Column, DataType, Model, Table, Unique } from 'sequelize-typescript';
import { Product } from './product.model';
import { ProductTag } from './product-tag.model';

@Table({ tableName: 'tags' })
export class Tag extends Model {
  @Unique
  @AllowNull(false)
  @Column(DataType.STRING(60))
  declare name: string;

  @Unique('tags_slug_unique')
  @Column(DataType.STRING(80))
  declare slug: string | null;

  @BelongsToMany(() => Product, () => ProductTag)
  declare products: Product[];
}
