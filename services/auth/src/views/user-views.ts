import { type AdminUserView, type UserSummaryView, type UserView } from '@tracera/contracts';
import { type UserEntity } from '../entities/user.entity';

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    timeZone: user.timeZone,
    locale: user.locale,
    avatarUrl: user.avatarUrl,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toAdminUserView(user: UserEntity): AdminUserView {
  return {
    ...toUserView(user),
    disabled: user.disabledAt !== null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

export function toUserSummaryView(user: UserEntity): UserSummaryView {
  return { id: user.id, username: user.username, displayName: user.displayName, avatarUrl: user.avatarUrl };
}

/** The `user.updated` event's data for the user as it is now. */
export function userUpdatedData(user: UserEntity, changed: string[]) {
  return {
    userId: user.id,
    changed,
    username: user.username,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    timeZone: user.timeZone,
    locale: user.locale,
    role: user.role,
    disabled: user.disabledAt !== null,
  };
}
