package org.custodian.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.access.Caller;
import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.beans.factory.annotation.Autowired;

/** Tests of the chart and patient search as the workspace calls them: readers made by the gate, records in the trail. */
abstract class ChartTest extends ServerTest {

	@Autowired
	AccessGate gate;

	AccessContext reader(String user, Role role, String purpose, String fhirUser) {
		return gate.forCaller(new Caller(user, "custodian-workspace", List.of("user/*.crus"), Set.of(role), null, purpose,
				fhirUser), "127.0.0.1");
	}

	String create(Resource resource) {
		Response r = fhir.post(resource.fhirType(), resource);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	/** The trail's records of {@code actor}: category, subtype, outcome, patients, detail; oldest first. */
	List<Map<String, Object>> trailOf(String actor) {
		return jdbc.queryForList("select category, subtype, outcome, array_to_string(patients, ' ') as patients,"
				+ " array_length(entities, 1) as entities, detail, query from audit_event where actor = ? order by seq", actor);
	}

	static String unique() {
		return Long.toString(System.nanoTime(), 36);
	}
}
