import Testing

@testable import Expressions

@Suite struct DateFunctionsTests {
  @Test(arguments: [
    // Leap years and month ends.
    ("{{addDays(2024-02-28T12:00:00Z; 1)}}", "UTC", "2024-02-29T12:00:00.000Z"),
    ("{{addDays(2023-02-28T12:00:00Z; 1)}}", "UTC", "2023-03-01T12:00:00.000Z"),
    ("{{addMonths(2023-01-31T00:00:00Z; 1)}}", "UTC", "2023-02-28T00:00:00.000Z"),
    ("{{addMonths(2024-03-31T00:00:00Z; -1)}}", "UTC", "2024-02-29T00:00:00.000Z"),
    ("{{addMonths(2024-01-15T00:00:00Z; 25)}}", "UTC", "2026-02-15T00:00:00.000Z"),
    ("{{addYears(2024-02-29T00:00:00Z; 4)}}", "UTC", "2028-02-29T00:00:00.000Z"),
    ("{{addYears(2024-02-29T00:00:00Z; -1)}}", "UTC", "2023-02-28T00:00:00.000Z"),
    ("{{setDate(2024-02-10T00:00:00Z; 30)}}", "UTC", "2024-03-01T00:00:00.000Z"),
    ("{{setDate(2024-03-10T00:00:00Z; 0)}}", "UTC", "2024-02-29T00:00:00.000Z"),
    ("{{setMonth(2024-05-10T00:00:00Z; 0)}}", "UTC", "2023-12-10T00:00:00.000Z"),
    ("{{setMonth(2024-05-10T00:00:00Z; Feb)}}", "UTC", "2024-02-10T00:00:00.000Z"),
    ("{{setYear(2024-02-29T08:00:00Z; 2023)}}", "UTC", "2023-02-28T08:00:00.000Z"),
    ("{{setDay(2018-06-27T11:36:39.138Z; 0)}}", "UTC", "2018-06-23T11:36:39.138Z"),
    ("{{setDay(2018-06-27T11:36:39.138Z; sunday)}}", "UTC", "2018-06-24T11:36:39.138Z"),
    ("{{setMinute(2015-10-07T11:36:39.138Z; -1)}}", "UTC", "2015-10-07T10:59:39.138Z"),
    ("{{addHours(2016-12-08T15:55:57.536Z; 1.5)}}", "UTC", "2016-12-08T17:25:57.536Z"),
    ("{{addDays(2016-12-08T15:55:57.536Z; 1.5)}}", "UTC", "2016-12-10T15:55:57.536Z"),
    // Time zones: calendar arithmetic in the scenario zone keeps the wall clock across DST.
    ("{{addDays(2026-03-28T12:00:00+01:00; 1)}}", "Europe/Prague", "2026-03-29T10:00:00.000Z"),
    ("{{addHours(2026-03-28T12:00:00+01:00; 24)}}", "Europe/Prague", "2026-03-29T11:00:00.000Z"),
    ("{{setHour(2026-06-01T12:00:00Z; 0)}}", "America/New_York", "2026-06-01T04:00:00.000Z"),
    ("{{setDate(2026-01-01T02:00:00Z; 15)}}", "Asia/Tokyo", "2026-01-15T02:00:00.000Z"),
    ("{{addDays(2016-12-08 10:00; 1)}}", "Europe/Prague", "2016-12-09T09:00:00.000Z"),
    ("{{addDays(1.missing; 1)}}|{{addDays(2016-12-08T00:00:00Z; 1.missing)}}", "UTC", "|2016-12-08T00:00:00.000Z"),
    // dateDifference: truncated toward zero in every unit; months are calendar months in the zone.
    ("{{dateDifference(2021-05-11T18:10:00.999Z; 2021-05-11T18:00:00.000Z; seconds)}}", "UTC", "600"),
    ("{{dateDifference(2021-05-11T00:00:00Z; 2021-05-12T23:00:00Z; days)}}", "UTC", "-1"),
    ("{{dateDifference(2021-05-31T00:00:00Z; 2021-05-01T00:00:00Z; weeks)}}", "UTC", "4"),
    ("{{dateDifference(2021-05-01T00:00:00Z; 2021-04-30T23:00:00Z; HOURS)}}", "UTC", "1"),
    // 30 Jan 23:30 UTC is 31 Jan 00:30 in Prague; a month after it ends on 28 February (clamped).
    ("{{dateDifference(2021-02-28T00:00:00Z; 2021-01-30T23:30:00Z; months)}}", "Europe/Prague", "1"),
    ("{{dateDifference(2021-02-28T00:00:00Z; 2021-01-30T23:30:00Z; months)}}", "UTC", "0"),
    ("{{dateDifference(2021-01-31T00:00:00Z; 2021-02-28T00:00:00Z; months)}}", "UTC", "0"),
    ("{{dateDifference(2020-01-15T00:00:00Z; 2021-03-14T00:00:00Z; months)}}", "UTC", "-13"),
    ("{{dateDifference(1.missing; now)}}", "UTC", ""),
  ])
  func arithmetic(template: String, timeZone: String, expected: String) throws {
    #expect(try render(template, timeZone: timeZone) == expected)
  }

  @Test func dateDifferenceRejectsUnknownUnits() {
    let error = evaluationError("{{dateDifference(now; now; fortnights)}}")
    #expect(error?.id == "expression.invalidValue")
    #expect(error?.message == "unknown 'dateDifference' unit 'fortnights'")
  }

  @Test(arguments: [
    (
      "{{formatDate(2026-01-02T03:04:05.678Z; YYYY YY Y Q Qo M Mo MM MMM MMMM)}}", "UTC",
      "2026 26 2026 1 1st 1 1st 01 Jan January"
    ),
    (
      "{{formatDate(2026-01-02T03:04:05.678Z; D Do DD DDD DDDo DDDD d do dd ddd dddd E)}}", "UTC",
      "2 2nd 02 2 2nd 002 5 5th Fr Fri Friday 5"
    ),
    (
      "{{formatDate(2026-01-02T15:04:05.678Z; H HH h hh k kk A a m mm s ss S SS SSS SSSS)}}", "UTC",
      "15 15 3 03 15 15 PM pm 4 04 5 05 6 67 678 6780"
    ),
    ("{{formatDate(2026-01-02T00:04:05Z; h k A)}}", "UTC", "12 24 AM"),
    ("{{formatDate(2026-01-02T03:04:05.678Z; X x Z ZZ)}}", "Asia/Kolkata", "1767323045 1767323045678 +05:30 +0530"),
    ("{{formatDate(2026-07-02T03:04:05Z; Z; America/New_York)}}", "UTC", "-04:00"),
    ("{{formatDate(2027-01-01T12:00:00Z; w ww wo gggg W WW Wo GGGG GG)}}", "UTC", "1 01 1st 2027 53 53 53rd 2026 26"),
    ("{{formatDate(2024-12-30T12:00:00Z; w gggg W GGGG)}}", "UTC", "1 2025 1 2025"),
    ("{{formatDate(2024-12-31T12:00:00Z; DDD DDDD)}}", "UTC", "366 366"),
    ("{{formatDate(2026-01-02T03:04:05Z; [Today is] dddd, [the] Do)}}", "UTC", "Today is Friday, the 2nd"),
    ("{{formatDate(2026-01-02T03:04:05Z; YYYY-MM-DDTHH:mm:ssZ)}}", "UTC", "2026-01-02T03:04:05+00:00"),
    ("{{formatDate(2026-01-02T03:04:05Z; HH:mm; Not/AZone)}}", "Asia/Tokyo", "12:04"),
    ("{{formatDate(2026-01-02T23:30:00Z; YYYY-MM-DD)}}", "Asia/Tokyo", "2026-01-03"),
    ("{{formatDate(1.missing; YYYY)}}|", "UTC", "|"),
    // moment.js's localized formats, English.
    ("{{formatDate(2026-01-02T15:04:05Z; LT|LTS|L|l)}}", "UTC", "3:04 PM|3:04:05 PM|01/02/2026|1/2/2026"),
    ("{{formatDate(2026-01-02T15:04:05Z; LL|ll)}}", "UTC", "January 2, 2026|Jan 2, 2026"),
    ("{{formatDate(2026-01-02T15:04:05Z; LLL|lll)}}", "UTC", "January 2, 2026 3:04 PM|Jan 2, 2026 3:04 PM"),
    (
      "{{formatDate(2026-01-02T15:04:05Z; LLLL|llll)}}", "UTC",
      "Friday, January 2, 2026 3:04 PM|Fri, Jan 2, 2026 3:04 PM"
    ),
  ])
  func formatting(template: String, timeZone: String, expected: String) throws {
    #expect(try render(template, timeZone: timeZone) == expected)
  }

  @Test(arguments: [
    ("{{parseDate(12/28/16; MM/DD/YY)}}", "UTC", "2016-12-28T00:00:00.000Z"),
    ("{{parseDate(28 December 2016; D MMMM YYYY)}}", "UTC", "2016-12-28T00:00:00.000Z"),
    ("{{parseDate(Dec 28th 2016 4pm; MMM Do YYYY ha)}}", "UTC", "2016-12-28T16:00:00.000Z"),
    ("{{parseDate(Wed, 28 Dec 2016 16:03:06 +0100; ddd, DD MMM YYYY HH:mm:ss ZZ)}}", "UTC", "2016-12-28T15:03:06.000Z"),
    ("{{parseDate(1410715640.579; X)}}", "UTC", "2014-09-14T17:27:20.579Z"),
    ("{{parseDate(1482940986123; x)}}", "UTC", "2016-12-28T16:03:06.123Z"),
    ("{{parseDate(2016-12-28 16:03; YYYY-MM-DD HH:mm)}}", "Europe/Prague", "2016-12-28T15:03:00.000Z"),
    ("{{parseDate(2016-12-28 16:03; YYYY-MM-DD HH:mm; America/New_York)}}", "UTC", "2016-12-28T21:03:00.000Z"),
    ("{{parseDate(2016-366; YYYY-DDDD)}}", "UTC", "2016-12-31T00:00:00.000Z"),
    ("{{parseDate(2020-W53-5; GGGG-[W]WW-E)}}", "UTC", "2021-01-01T00:00:00.000Z"),
    ("{{parseDate(2016 Q3; YYYY [Q]Q)}}", "UTC", "2016-07-01T00:00:00.000Z"),
    ("{{parseDate(24:00; kk:mm)}}", "UTC", "2026-01-01T00:00:00.000Z"),
    ("{{parseDate(10:30:15.25; HH:mm:ss.SS)}}", "UTC", "2026-01-01T10:30:15.250Z"),
    ("{{parseDate(2016-02-29; YYYY-MM-DD)}}", "UTC", "2016-02-29T00:00:00.000Z"),
    ("{{parseDate(1.missing; YYYY)}}|", "UTC", "|"),
    ("{{parseDate(December 28, 2016 4:03 PM; LLL)}}", "UTC", "2016-12-28T16:03:00.000Z"),
    ("{{parseDate(12/28/2016; L)}}", "UTC", "2016-12-28T00:00:00.000Z"),
  ])
  func parsing(template: String, timeZone: String, expected: String) throws {
    #expect(try render(template, timeZone: timeZone) == expected)
  }

  @Test(arguments: [
    "{{parseDate(2015-02-29; YYYY-MM-DD)}}", "{{parseDate(abc; YYYY)}}", "{{parseDate(2016-13-01; YYYY-MM-DD)}}",
    "{{parseDate(13:00 pm; hh:mm a)}}", "{{parseDate(2016; [nothing])}}", "{{addDays(tomorrow; 1)}}",
    "{{setDay(2018-06-27T11:36:39.138Z; Someday)}}", "{{setMonth(2018-06-27T11:36:39.138Z; Smarch)}}",
    "{{formatDate(12345; YYYY)}}",
  ])
  func invalidInputIsAnError(template: String) {
    #expect(evaluationError(template) != nil)
  }
}
