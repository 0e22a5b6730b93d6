package org.custodian.web.workspace;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "Stay signed in" on the idle warning: any request to the session resets its idle clock; this one
 * does nothing else.
 */
@Controller
@ConditionalOnWebApplication
class SessionController {

	@PostMapping("/session/keepalive")
	ResponseEntity<Void> keepAlive() {
		return ResponseEntity.noContent().build();
	}
}
