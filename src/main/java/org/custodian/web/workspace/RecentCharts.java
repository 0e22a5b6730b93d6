package org.custodian.web.workspace;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpSession;

/**
 * The charts a person opened in this session, newest first, kept in the server-side session only
 * (never in a URL, a cookie or the browser's storage), so they can go back to a patient quickly.
 */
final class RecentCharts {

	record Recent(String id, String name) {}

	private static final String KEY = RecentCharts.class.getName();
	private static final int KEPT = 8;

	private RecentCharts() {
	}

	@SuppressWarnings("unchecked")
	static List<Recent> of(HttpSession session) {
		Object list = session.getAttribute(KEY);
		return list == null ? List.of() : List.copyOf((List<Recent>) list);
	}

	static void opened(HttpSession session, String id, String name) {
		List<Recent> recent = new ArrayList<>(of(session));
		recent.removeIf(r -> r.id().equals(id));
		recent.add(0, new Recent(id, name));
		session.setAttribute(KEY, new ArrayList<>(recent.subList(0, Math.min(KEPT, recent.size()))));
	}
}
