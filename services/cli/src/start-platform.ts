import { buildPlatform, type Platform, type ServiceName } from './platform.ts';

/** Builds the chosen services and listens on PORT (0 picks a free port: tests). */
export async function startPlatform(services: ReadonlySet<ServiceName>, options: Parameters<typeof buildPlatform>[1] = {}): Promise<Platform> {
  const platform = await buildPlatform(services, options);
  await platform.app.listen({ port: platform.env.PORT, host: platform.env.HOST });
  return platform;
}
