declare module 'virtual:china-geo' {
  const geo: { type: 'FeatureCollection'; features: { id: string; properties: { name: string } }[] };
  export default geo;
}
