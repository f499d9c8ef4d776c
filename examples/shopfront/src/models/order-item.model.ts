import { AllowNull, BelongsTo, Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { Order } from './order.model';
import { Product } from './product.model';

@Table({ tableName: 'order_items' })
export class OrderItem extends Model {
  @ForeignKey(() => Order)
  @AllowNull(false)
  @Column
  declare orderId: number;

  @BelongsTo(() => Order, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  declare order: Order;

  @ForeignKey(() => Product)
  @AllowNull(false)
  @Column
  declare productId: number;

  @BelongsTo(() => Product, { onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  declare product: Product;

  @AllowNull(false)
  @Column
  declare quantity: number;

  @AllowNull(false)
  @Column(DataType.DECIMAL(10, 2))
  declare unitPrice: string;
}
