import { AllowNull, Column, DataType, Default, HasMany, Model, Table, Unique } from 'sequelize-typescript';
import { Order } from './order.model';

@Table({ tableName: 'users' })
export class User extends Model {
  @Unique
  @AllowNull(false)
  @Column(DataType.STRING(255))
  declare email: string;

  @Column(DataType.STRING(120))
  declare name: string | null;

  @Column({ type: DataType.STRING(255), field: 'password_hash' })
  declare passwordHash: string | null;

  @Column(DataType.DATE)
  declare lastLoginAt: Date | null;

  @Default('en')
  @Column(DataType.STRING(10))
  declare locale: string;

  @HasMany(() => Order)
  declare orders: Order[];
}
