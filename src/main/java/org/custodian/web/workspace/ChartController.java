package org.custodian.web.workspace;

import java.util.List;
import java.util.StringJoiner;

import org.custodian.access.AccessContext;
import org.custodian.access.EmergencyAccess;
import org.custodian.account.UserAccount;
import org.custodian.chart.Chart;
import org.custodian.chart.ChartReader;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The chart. A chart the gate refuses because the reader has no treatment relationship offers
 * break-the-glass: a reason (and the purpose) is recorded, the privacy officer is alerted and
 * reviews it, and the chart opens for the case's duration. The URL carries only the record's opaque
 * id, never a name or number a person would recognise.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class ChartController {

	/** A trend as the page's script draws it: times and values as comma-separated numbers. */
	record TrendView(String name, String unit, String category, String latest, int count, String times, String values) {}

	private final WorkspaceAccess access;
	private final ChartReader charts;
	private final EmergencyAccess emergencies;
	private final ScreenAudit audit;

	ChartController(WorkspaceAccess access, ChartReader charts, EmergencyAccess emergencies, ScreenAudit audit) {
		this.access = access;
		this.audit = audit;
		this.charts = charts;
		this.emergencies = emergencies;
	}

	/** A patient's own record, for a patient signed in to the workspace. */
	@GetMapping("/chart/mine")
	String mine(Authentication signedIn) {
		UserAccount account = access.account(signedIn);
		if (account.ownPatientId() == null) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "Your account is not linked to a patient record");
		}
		return "redirect:/chart/" + account.ownPatientId();
	}

	@GetMapping("/chart/{id:[A-Za-z0-9.-]{1,64}}")
	String chart(@PathVariable String id, Authentication signedIn, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		model.addAttribute("section", "patients");
		AccessContext context = access.of(signedIn, request);
		Chart chart;
		try {
			chart = charts.open(context, id);
		} catch (CustodianException.Forbidden e) {
			if (e.code() != ErrorCode.ACCESS_NO_TREATMENT_RELATIONSHIP) {
				throw e;
			}
			response.setStatus(403);
			model.addAttribute("patientId", id);
			model.addAttribute("message", "You have no treatment relationship with this patient (a care team, or an"
					+ " encounter you took part in recently), so their chart is closed to you.");
			model.addAttribute("code", e.code().toString());
			return "workspace/refused";
		}
		RecentCharts.opened(request.getSession(), id, chart.identity().name());
		model.addAttribute("chart", chart);
		model.addAttribute("readsTrail", access.account(signedIn).roles().contains(org.custodian.access.Role.PRIVACY_OFFICER));
		model.addAttribute("ownRecord", id.equals(access.account(signedIn).ownPatientId()));
		model.addAttribute("releases", access.account(signedIn).roles().stream()
				.anyMatch(r -> r == org.custodian.access.Role.ROI || r == org.custodian.access.Role.HIM));
		model.addAttribute("amends", access.account(signedIn).roles().contains(org.custodian.access.Role.HIM));
		model.addAttribute("trends", chart.trends().stream().map(ChartController::view).toList());
		return "workspace/chart";
	}

	@PostMapping("/chart/{id:[A-Za-z0-9.-]{1,64}}/break-the-glass")
	String breakTheGlass(@PathVariable String id, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "ETREAT") String purpose, Authentication signedIn, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		if (!List.of("ETREAT", "TREAT").contains(purpose)) {
			purpose = "ETREAT";
		}
		try {
			AccessContext context = access.of(signedIn, request);
			emergencies.breakTheGlass(context, id, reason, purpose);
			// As the FHIR API's $break-the-glass is recorded: the privacy monitor alerts on it, whichever the path.
			audit.record(context, 'E', "$break-the-glass", List.of("Patient/" + id), null, null);
		} catch (CustodianException.Invalid e) {
			response.setStatus(400);
			model.addAttribute("section", "patients");
			model.addAttribute("patientId", id);
			model.addAttribute("message", "You have no treatment relationship with this patient, so their chart is closed to you.");
			model.addAttribute("error", e.getMessage());
			model.addAttribute("reason", reason);
			model.addAttribute("code", e.code().toString());
			return "workspace/refused";
		}
		return "redirect:/chart/" + id;
	}

	private static TrendView view(Chart.Trend t) {
		StringJoiner times = new StringJoiner(",");
		StringJoiner values = new StringJoiner(",");
		for (int i = 0; i < t.times().length; i++) {
			times.add(Long.toString(t.times()[i]));
			values.add(Double.toString(t.values()[i]));
		}
		return new TrendView(t.name(), t.unit() == null ? "" : t.unit(), t.category(), t.latest() == null ? "" : t.latest(),
				t.times().length, times.toString(), values.toString());
	}
}
