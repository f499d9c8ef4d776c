export interface TestServer {
  image: string;
  url: string;
  flavor: 'mysql' | 'mariadb';
}

/** The images to test against: MIGRATION_GATE_TEST_IMAGES, comma-separated, or the official defaults. */
export function testImages(): string[] {
  const configured = process.env.MIGRATION_GATE_TEST_IMAGES;
  if (!configured) {
    console.warn('MIGRATION_GATE_TEST_IMAGES is not set: testing against mysql:8.4 and mariadb:11.4');
    return ['mysql:8.4', 'mariadb:11.4'];
  }
  return configured
    .split(',')
    .map((image) => image.trim())
    .filter(Boolean);
}
