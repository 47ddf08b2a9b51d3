import { ApiClientEntity } from '../auth/api-client.entity';
import { UserEntity } from '../auth/user.entity';
import { ProductEntity } from '../catalog/product.entity';
import { LineItemEntity } from '../orders/line-item.entity';
import { OrderEntity } from '../orders/order.entity';

export const SAMPLE_ENTITIES = [ApiClientEntity, UserEntity, ProductEntity, OrderEntity, LineItemEntity];
