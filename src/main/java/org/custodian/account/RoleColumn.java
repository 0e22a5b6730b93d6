package org.custodian.account;

import java.sql.Array;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

import org.custodian.access.Role;
import org.jspecify.annotations.Nullable;

/** The {@code roles text[]} column of users and clients, read back as roles (unknown names are dropped). */
final class RoleColumn {

	private RoleColumn() {
	}

	static Set<Role> read(@Nullable Object value) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		if (value instanceof Array array) {
			try {
				for (Object name : (Object[]) array.getArray()) {
					Role.of(String.valueOf(name)).ifPresent(roles::add);
				}
			} catch (SQLException e) {
				throw new IllegalStateException(e);
			}
		}
		return roles;
	}
}
