package org.custodian.web.workspace;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose pages belong to the HIM workspace: they get the workspace's frame (who is
 * signed in, the navigation their roles allow, the idle time-out) and its error pages. Every later
 * workflow's screens (identity, release of information, coding, completion) carry it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface WorkspaceScreen {
}
