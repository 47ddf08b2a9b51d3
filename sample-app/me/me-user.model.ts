import type { UserEntity } from '../auth/user.entity';
import { SHOP_CURRENCY } from '../config/shop-locale';

/** OrderCloud's MeUser, the fields the sample shop has. */
export interface MeUser {
  ID: string | null;
  Username: string | null;
  FirstName: string | null;
  LastName: string | null;
  Email: string | null;
  Active: boolean;
  /** The roles of the token the request was made with. */
  AvailableRoles: string[];
  Locale: { ID: string; Language: string; Currency: string } | null;
}

export function toMeUser(user: UserEntity, roles: string[]): MeUser {
  return {
    ID: user.id,
    Username: user.username,
    FirstName: user.firstName,
    LastName: user.lastName,
    Email: user.email,
    Active: user.active,
    AvailableRoles: roles,
    Locale: user.locale ? { ID: user.locale, Language: user.locale, Currency: SHOP_CURRENCY } : null,
  };
}

/** An anonymous shopper is nobody yet: no ID, no name, no email. */
export function anonymousMeUser(roles: string[]): MeUser {
  return {
    ID: null,
    Username: null,
    FirstName: null,
    LastName: null,
    Email: null,
    Active: true,
    AvailableRoles: roles,
    Locale: null,
  };
}
