/** kapi's own version; kept in step with package.json by the build. */
export const kapiVersion = '0.1.0';
