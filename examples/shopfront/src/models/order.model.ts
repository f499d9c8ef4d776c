import { AllowNull, BelongsTo, Column, DataType, ForeignKey, HasMany, Index, Model, Table } from 'sequelize-typescript';
import { OrderItem } from './order-item.model';
import { User } from './user.model';

@Table({ tableName: 'orders' })
export class Order extends Model {
  @ForeignKey(() => User)
  @AllowNull(false)
  @Column
  declare userId: number;

  @BelongsTo(() => User, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  declare user: User;

  @Index('orders_status')
  @AllowNull(false)
  @Column(DataType.ENUM('pending', 'paid', 'shipped'))
  declare status: string;

  @AllowNull(false)
  @Column(DataType.DECIMAL(10, 2))
  declare totalAmount: string;

  @Column(DataType.DATE)
  declare shippedAt: Date | null;

  @HasMany(() => OrderItem)
  declare items: OrderItem[];
}
