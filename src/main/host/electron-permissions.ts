import type { Session } from 'electron';
import { permissionAllowed } from '../electron/permissions';

/** Refuses every permission, device and USB class the app does not use (see permissions.ts). */
export function guardPermissions(session: Session, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(
      permissionAllowed(
        { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame },
        devServerUrl,
      ),
    ),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(
      {
        permission,
        requestingUrl: details.requestingUrl ?? requestingOrigin,
        isMainFrame: details.isMainFrame,
      },
      devServerUrl,
    ),
  );
  // WebHID, Web Serial and WebUSB: no device, ever.
  session.setDevicePermissionHandler(() => false);
}
