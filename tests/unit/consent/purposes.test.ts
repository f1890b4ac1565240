import { describe, expect, it } from 'vitest';
import { purposeClassOf, purposeClassOfCategory, refusedClasses } from '@/lib/consent/purposes';

describe('purposeClassOf', () => {
  it.each([
    ['8', 'analytics'],
    ['7', 'marketing'],
    ['2', 'marketing'],
    ['1', undefined],
    ['11', undefined],
    ['analytics_storage', 'analytics'],
    ['ad_user_data', 'marketing'],
    ['ad_storage', 'marketing'],
    ['ad_personalization', 'marketing'],
    ['functionality_storage', undefined],
    ['security_storage', undefined],
    ['constructor', undefined],
    ['__proto__', undefined],
    ['C0002', 'analytics'],
    ['C0004', 'marketing'],
    ['C0005', 'social'],
    ['C0001', undefined],
    ['statistics', 'analytics'],
    ['marketing', 'marketing'],
    ['ads', 'marketing'],
    ['Analytics', 'analytics'],
    ['social-media', 'social'],
    ['necessary', undefined],
    ['preferences', undefined],
    ['functionality', undefined],
  ])('%s → %s', (key, cls) => {
    expect(purposeClassOf(key)).toBe(cls);
  });
});

describe('refusedClasses', () => {
  it('refuses a class only when some purpose of it is false and none is true', () => {
    expect([...refusedClasses({ necessary: true, statistics: true, marketing: false })]).toEqual(['marketing']);
    expect([...refusedClasses({ '7': false, '2': true, '8': false, '9': false })]).toEqual(['analytics']);
    expect([...refusedClasses({ necessary: true, preferences: false })]).toEqual([]);
    expect([...refusedClasses(undefined)]).toEqual([]);
  });

  it('maps vendor categories to the class they need', () => {
    expect(['audience-measurement', 'advertising', 'social', 'cdn-fonts'].map((c) => purposeClassOfCategory(c as never))).toEqual([
      'analytics',
      'marketing',
      'social',
      undefined,
    ]);
  });
});
