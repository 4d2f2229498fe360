export const id = 471;
export const ids = [471];
export const modules = {

/***/ 25471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_TUF_REPOSITORIES: () => (/* binding */ DEFAULT_TUF_REPOSITORIES),
  GITHUB_TUF_MIRROR: () => (/* binding */ GITHUB_TUF_MIRROR),
  PUBLIC_GOOD_TUF_MIRROR: () => (/* binding */ PUBLIC_GOOD_TUF_MIRROR),
  trustedRootsFromTuf: () => (/* binding */ trustedRootsFromTuf),
  tufCacheRoot: () => (/* binding */ tufCacheRoot)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/dist/index.js
var tuf_dist = __webpack_require__(84423);
// EXTERNAL MODULE: ./src/evidence/attestations.ts
var attestations = __webpack_require__(46266);
;// CONCATENATED MODULE: ./src/deliver/github-tuf-root.ts
/**
 * The initial TUF root of GitHub's Sigstore instance (`https://tuf-repo.github.com`), version 3,
 * as the GitHub CLI embeds it (github:cli/cli pkg/cmd/attestation/verification/embed/tuf-repo.github.com/root.json,
 * sha256 98cba97be9075bc98b2322de3de85fbd1b70ec7392991dfd2f53d215bede1a8d). TUF only starts from it:
 * every newer root must be signed by a threshold of this one's keys, so an expired seed is safe.
 * Sigstore's public-good root ships inside @sigstore/tuf itself.
 */
const GITHUB_TUF_ROOT_BASE64 = [
    'ewogInNpZ25hdHVyZXMiOiBbCiAgewogICAia2V5aWQiOiAiNGY0ZDFkZDc1ZjJkN2YzODYwZTNhMDY4ZDdiZWQ5MGRlYzVmMGZhYWZjYmUxYWNlN2ZiN2Q5NWQyOWUwNzIyOCIsCiAgICJzaWciOiAiIgogIH0s',
    'CiAgewogICAia2V5aWQiOiAiZWI4ZWZmMzdmOTNhZjJmYWFiYTUxOWYzNDFkZWNlYzNjZWNkM2VlYWZjYWNlMzI5NjZkYjk3MjM4NDJjOGE2MiIsCiAgICJzaWciOiAiIgogIH0sCiAgewogICAia2V5aWQiOiAi',
    'NTM5ZGRlNDQwMTRjODUwZmU2ZWViOGIyOTllYjdkYWUyZTFmNGJmODM0NTRiOTQ5ZTk4YWE3MzU0MmNkYzY1YSIsCiAgICJzaWciOiAiIgogIH0sCiAgewogICAia2V5aWQiOiAiYTEwNTEzYTVhYjYxYWNkMGM2',
    'YjZmYmUwNTA0ODU2ZWFkMThmM2IxN2M0ZmFiYmUzZmE4NDhjNzlhNWExODdjZiIsCiAgICJzaWciOiAiMzA0NjAyMjEwMGNhMzQxZDNiYTJlZjc2NTdkNjljMjgyNTcyOTk1OTY4MWY1NWFlYzQ5N2I2MTJlODFh',
    'NTQ3ZTJhYmI2MTZiNDkwMjIxMDBjZDYwNWI0MTJhM2Q5OTFmOTJlMDgxOGUwN2U2MDM4M2JiZDIzOTA0NzIzZWVjMjIxZDZlMzlmZGZlYWUzMTA0IgogIH0sCiAgewogICAia2V5aWQiOiAiNWUwMWM5YTBiMjY0',
    'MWE4OTY1YTRhNzRlN2RmMGJjN2IyZDgyNzhhMmMzY2EwY2Y3YTNmMmY3ODNkM2M2OTgwMCIsCiAgICJzaWciOiAiMzA0NjAyMjEwMGQwZjcwZWZmZTYwZDZhMTgzMTllMjg5MDA4OGNkMDFkNDVjNjU0ZWU2ZDJj',
    'ZTFkNWMzY2RjZjJkYzdmNjM3NTcwMjIxMDA4Zjk0N2EyZDczMzRkOTQ4ZjFjNDc5NGIwYTQ2NWYxZGZiOTlhNTc4ZGQ4ZDFmNDU2M2NlZTA1ODFmNDU3ZGIyIgogIH0sCiAgewogICAia2V5aWQiOiAiNTQ4MDkx',
    'MTViNDAxMzdhYWMwMWFmNGI3YWMyNDA4Yzc3ZWEwZDU4ZmE0ZGFkNDhmYzMxOTY0OTdkMmEyNmY0NCIsCiAgICJzaWciOiAiMzA0NTAyMjAxYWU5MzFkYjFjNDgwMjBmYjM3YWY1NGQ0NDZhYzg1NjMwNmY2MTlk',
    'ZmMzZjkzZGRjZmY3MGQyODgwZTQ0M2RjMDIyMTAwOTkyYjcwNDUxYWE3NDgwNWFkZWYyNGU4NWVjMzUyZTU5ODgxMjI2N2Y2MjM5NzliZDRjZTcxOWI2NmI2MmQyMiIKICB9LAogIHsKICAgImtleWlkIjogIjg4',
    'NzM3Y2NkYWM3YjQ5Y2MyMzdlOWFhZWFkODFiZTJhNDAyNzhiODg2YTY5M2Q4MTQ5YTE5Y2Y1NDNmMDkzZDMiLAogICAic2lnIjogIjMwNDUwMjIwMjNiYmE4ZTE0YzE3NzYwOWY0Mzg3M2FhMDA4N2VmOTgzZGRk',
    'MmJhZDlhMGE4MzJjMGNmMjc5ZTFiZTg3OThmMjAyMjEwMGZhY2ZhZWNjMWQ3ZWU3OTMwNDJlYWFhNjk3MGZiOWNhNzAwYzNiZGJmNGVlNDNlZDBmOGQwZmMzYWVmOTY1NjMiCiAgfSwKICB7CiAgICJrZXlpZCI6',
    'ICJkNmE4OWUyM2ZiMjI4MDFhMGQxMTg2YmYxYmRkMDA3ZTIyOGY2NWE4YWE5OTY0ZDI0ZDA2Y2I1ZmJiMGNlOTFjIiwKICAgInNpZyI6ICIzMDQ2MDIyMTAwZDJmNmNjZWIwNWQxMzVjZTZhNmNlN2ZlMWRjNzZj',
    'MjQ1MDgxNTRhZDcxYzQzMzAyOGU2NGNhOTViYTcxNmZmYjAyMjEwMGYwNTkyZDYwZWI2NzUwOGRkNWY5Y2M1OTNhNGNjYTMzYmJhZjk0ODgyYzNkNzRhNTYwZmRhODQ1YTQ1NmM2Y2MiCiAgfSwKICB7CiAgICJr',
    'ZXlpZCI6ICI4YjQ5OGE4MGExYjdhZjE4OGMxMGM5YWJkZjZhYWRlODFkMTRmYWFmZmNkZTJhYmNkNjA2M2JhYTY3M2ViZDEyIiwKICAgInNpZyI6ICIzMDQ1MDIyMTAwOWFmMmYwYzUzNGVkOTJkZTkwOWEzYjcy',
    'N2Y3MTAxMzE5YzE4ZTEwNjIzZGU4ZjQ4YTBlYmE5ODBkM2Q1NGQ4MzAyMjAwOTU4NDJiMTZjNTg1NjdjNzFmOWRmYTBiNTRlNzlkYWNhMWIyZmVjZjNjYjJlYTRlZTZkODM5M2JkZjkzMjk0IgogIH0KIF0sCiAi',
    'c2lnbmVkIjogewogICJfdHlwZSI6ICJyb290IiwKICAiY29uc2lzdGVudF9zbmFwc2hvdCI6IHRydWUsCiAgImV4cGlyZXMiOiAiMjAyNS0wNC0xMVQxNDozNjo1N1oiLAogICJrZXlzIjogewogICAiNGY0ZDFk',
    'ZDc1ZjJkN2YzODYwZTNhMDY4ZDdiZWQ5MGRlYzVmMGZhYWZjYmUxYWNlN2ZiN2Q5NWQyOWUwNzIyOCI6IHsKICAgICJrZXl0eXBlIjogImVjZHNhIiwKICAgICJrZXl2YWwiOiB7CiAgICAgInB1YmxpYyI6ICIt',
    'LS0tLUJFR0lOIFBVQkxJQyBLRVktLS0tLVxuTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFTmtpN2FaVmlwczVTZ1J6Q2QvT20wQ0d6UUtZL1xubnY4NGdpcVZEbWR3YjJ5czgyWjZzb0ZMYXN2',
    'WVlFRVFjd3FhQzE3MG45Z3I5M3dIVWdQYzc5NnVKQT09XG4tLS0tLUVORCBQVUJMSUMgS0VZLS0tLS1cbiIKICAgIH0sCiAgICAic2NoZW1lIjogImVjZHNhLXNoYTItbmlzdHAyNTYiLAogICAgIngtdHVmLW9u',
    'LWNpLWtleW93bmVyIjogIkBhc2h0b20iCiAgIH0sCiAgICI1MzlkZGU0NDAxNGM4NTBmZTZlZWI4YjI5OWViN2RhZTJlMWY0YmY4MzQ1NGI5NDllOThhYTczNTQyY2RjNjVhIjogewogICAgImtleXR5cGUiOiAi',
    'ZWNkc2EiLAogICAgImtleXZhbCI6IHsKICAgICAicHVibGljIjogIi0tLS0tQkVHSU4gUFVCTElDIEtFWS0tLS0tXG5NRmt3RXdZSEtvWkl6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUVsRDBvMnNPWk45bjNSS1E3',
    'UHRNTEFvWGorMkFpXG5uNFBLVC9wZm56RGxOTHJEM1ZUUXdDYzRzUjR0K09MdTRLUStxaytrWGtSOVl1QnN1M2JkSloxT1d3PT1cbi0tLS0tRU5EIFBVQkxJQyBLRVktLS0tLVxuIgogICAgfSwKICAgICJzY2hl',
    'bWUiOiAiZWNkc2Etc2hhMi1uaXN0cDI1NiIsCiAgICAieC10dWYtb24tY2kta2V5b3duZXIiOiAiQG5lcmRuZWhhIgogICB9LAogICAiNTQ4MDkxMTViNDAxMzdhYWMwMWFmNGI3YWMyNDA4Yzc3ZWEwZDU4ZmE0',
    'ZGFkNDhmYzMxOTY0OTdkMmEyNmY0NCI6IHsKICAgICJrZXl0eXBlIjogImVjZHNhIiwKICAgICJrZXl2YWwiOiB7CiAgICAgInB1YmxpYyI6ICItLS0tLUJFR0lOIFBVQkxJQyBLRVktLS0tLVxuTUZrd0V3WUhL',
    'b1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFaW1LY2RTVCtPUkQrZzBhR0VGRE9WWkRBYUlZZ1xuSWdlc05LaUllMkw3TVVzWXg1VUhoelEwOHF1dmV3MTNlWVNDTkpuZndvb0ZadTdjZFR1OEF3cUZqUT09XG4t',
    'LS0tLUVORCBQVUJMSUMgS0VZLS0tLS1cbiIKICAgIH0sCiAgICAic2NoZW1lIjogImVjZHNhLXNoYTItbmlzdHAyNTYiLAogICAgIngtdHVmLW9uLWNpLWtleW93bmVyIjogIkBhbGV4aXN3YWxlcyIKICAgfSwK',
    'ICAgIjg4NzM3Y2NkYWM3YjQ5Y2MyMzdlOWFhZWFkODFiZTJhNDAyNzhiODg2YTY5M2Q4MTQ5YTE5Y2Y1NDNmMDkzZDMiOiB7CiAgICAia2V5dHlwZSI6ICJlY2RzYSIsCiAgICAia2V5dmFsIjogewogICAgICJw',
    'dWJsaWMiOiAiLS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS1cbk1Ga3dFd1lIS29aSXpqMENBUVlJS29aSXpqMERBUWNEUWdBRUJhZ2tza05PcE9UYmV0VFg1Q2Rudk15K0xpV25cbm9uUnJOcnFBSEw0V2dpZWJI',
    'N1VpZzdHTGhDM2JrZUEvcWdiOTI2L3ZyOXFoT1BHOUJ1ajJIYXRyUHc9PVxuLS0tLS1FTkQgUFVCTElDIEtFWS0tLS0tXG4iCiAgICB9LAogICAgInNjaGVtZSI6ICJlY2RzYS1zaGEyLW5pc3RwMjU2IiwKICAg',
    'ICJ4LXR1Zi1vbi1jaS1rZXlvd25lciI6ICJAZ3JlZ29zZSIKICAgfSwKICAgIjhiNDk4YTgwYTFiN2FmMTg4YzEwYzlhYmRmNmFhZGU4MWQxNGZhYWZmY2RlMmFiY2Q2MDYzYmFhNjczZWJkMTIiOiB7CiAgICAi',
    'a2V5dHlwZSI6ICJlY2RzYSIsCiAgICAia2V5dmFsIjogewogICAgICJwdWJsaWMiOiAiLS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS1cbk1Ga3dFd1lIS29aSXpqMENBUVlJS29aSXpqMERBUWNEUWdBRTdJRW9W',
    'TndycHJjaFhHaFQ1c0FoU2F4N1NPZDNcbjhkdXVJU2doQ3pmbUhkS0pXU2JWMndKUmFtUmlVVlJ0bUE4M0svcW01Y1QyMFdYTUNUNVFlTS9EM0E9PVxuLS0tLS1FTkQgUFVCTElDIEtFWS0tLS0tXG4iCiAgICB9',
    'LAogICAgInNjaGVtZSI6ICJlY2RzYS1zaGEyLW5pc3RwMjU2IiwKICAgICJ4LXR1Zi1vbi1jaS1rZXlvd25lciI6ICJAdHJldnJvc2VuIgogICB9LAogICAiYTEwNTEzYTVhYjYxYWNkMGM2YjZmYmUwNTA0ODU2',
    'ZWFkMThmM2IxN2M0ZmFiYmUzZmE4NDhjNzlhNWExODdjZiI6IHsKICAgICJrZXl0eXBlIjogImVjZHNhIiwKICAgICJrZXl2YWwiOiB7CiAgICAgInB1YmxpYyI6ICItLS0tLUJFR0lOIFBVQkxJQyBLRVktLS0t',
    'LVxuTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFQzJ3SjN4c2N5WHhCTHliSjlGVmp3a3lRTWU1M1xuUkhVejc3QWpNTzhNelZhVDh4dzZadkpxZE5aaXl0WXRpZ1dVTGxJTnh3NmZyTnNXSkti',
    'L2Y3bEM4QT09XG4tLS0tLUVORCBQVUJMSUMgS0VZLS0tLS1cbiIKICAgIH0sCiAgICAic2NoZW1lIjogImVjZHNhLXNoYTItbmlzdHAyNTYiLAogICAgIngtdHVmLW9uLWNpLWtleW93bmVyIjogIkBrb21tZW5k',
    'b3JrYXB0ZW4iCiAgIH0sCiAgICJkNmE4OWUyM2ZiMjI4MDFhMGQxMTg2YmYxYmRkMDA3ZTIyOGY2NWE4YWE5OTY0ZDI0ZDA2Y2I1ZmJiMGNlOTFjIjogewogICAgImtleXR5cGUiOiAiZWNkc2EiLAogICAgImtl',
    'eXZhbCI6IHsKICAgICAicHVibGljIjogIi0tLS0tQkVHSU4gUFVCTElDIEtFWS0tLS0tXG5NRmt3RXdZSEtvWkl6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUVEZE9Sd2NydVczZ3FBZ2FMakgvbk5kR01CNGtRXG5B',
    'dkErd0Q2RHlPNFAvd1I4ZWUyY2U4M05aSHExWkFES2h2ZTBybFlLYUt5M0NxeVE1U21sWjM2Wmh3PT1cbi0tLS0tRU5EIFBVQkxJQyBLRVktLS0tLVxuIgogICAgfSwKICAgICJzY2hlbWUiOiAiZWNkc2Etc2hh',
    'Mi1uaXN0cDI1NiIsCiAgICAieC10dWYtb24tY2kta2V5b3duZXIiOiAiQGtydWtvdyIKICAgfSwKICAgImViOGVmZjM3ZjkzYWYyZmFhYmE1MTlmMzQxZGVjZWMzY2VjZDNlZWFmY2FjZTMyOTY2ZGI5NzIzODQy',
    'YzhhNjIiOiB7CiAgICAia2V5dHlwZSI6ICJlY2RzYSIsCiAgICAia2V5dmFsIjogewogICAgICJwdWJsaWMiOiAiLS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS1cbk1Ga3dFd1lIS29aSXpqMENBUVlJS29aSXpq',
    'MERBUWNEUWdBRU55blZkUW5NOWg3eFU3MUc3UGlKcFFhRGVtdWJcbmtianNqWXdMbFBKVFFWdXhRTzhXZUlwSmY4TUVoNXJmMDF0MmRESXVDc1o1Z1J4K1F2RHYwVXpmc0E9PVxuLS0tLS1FTkQgUFVCTElDIEtF',
    'WS0tLS0tXG4iCiAgICB9LAogICAgInNjaGVtZSI6ICJlY2RzYS1zaGEyLW5pc3RwMjU2IiwKICAgICJ4LXR1Zi1vbi1jaS1rZXlvd25lciI6ICJAbXBoNCIKICAgfSwKICAgImViOTc5OWI0ODNhZmZhYzlkYTg3',
    'ZWY0YzllYTQ2NzkyODQxNWM5NjEzNDllNjA3ZTVlNmU0ODU2NzliMDdmOGYiOiB7CiAgICAia2V5dHlwZSI6ICJlY2RzYSIsCiAgICAia2V5dmFsIjogewogICAgICJwdWJsaWMiOiAiLS0tLS1CRUdJTiBQVUJM',
    'SUMgS0VZLS0tLS1cbk1Ga3dFd1lIS29aSXpqMENBUVlJS29aSXpqMERBUWNEUWdBRU5LTmNOY1grZDczbFMxVFJGYjlWbnA4SnZPb2hcbnpZUStpbjQzaUdlbmJHOFJHbzlMLzZGSjJob1JiVlU2eHNrdnl1RXJj',
    'ZFBiQ2RJNEd4clE1aThoa3c9PVxuLS0tLS1FTkQgUFVCTElDIEtFWS0tLS0tXG4iCiAgICB9LAogICAgInNjaGVtZSI6ICJlY2RzYS1zaGEyLW5pc3RwMjU2IiwKICAgICJ4LXR1Zi1vbi1jaS1vbmxpbmUtdXJp',
    'IjogImF6dXJla21zOi8vcHJvZHVjdGlvbi10dWYtcm9vdC52YXVsdC5henVyZS5uZXQva2V5cy9PbmxpbmUtS2V5L2FhZjM3NWZkOGVkMjRhY2I5NDlhNWNjMTczNzAwYjA1IgogICB9CiAgfSwKICAicm9sZXMi',
    'OiB7CiAgICJyb290IjogewogICAgImtleWlkcyI6IFsKICAgICAiYTEwNTEzYTVhYjYxYWNkMGM2YjZmYmUwNTA0ODU2ZWFkMThmM2IxN2M0ZmFiYmUzZmE4NDhjNzlhNWExODdjZiIsCiAgICAgIjRmNGQxZGQ3',
    'NWYyZDdmMzg2MGUzYTA2OGQ3YmVkOTBkZWM1ZjBmYWFmY2JlMWFjZTdmYjdkOTVkMjllMDcyMjgiLAogICAgICI4ODczN2NjZGFjN2I0OWNjMjM3ZTlhYWVhZDgxYmUyYTQwMjc4Yjg4NmE2OTNkODE0OWExOWNm',
    'NTQzZjA5M2QzIiwKICAgICAiZDZhODllMjNmYjIyODAxYTBkMTE4NmJmMWJkZDAwN2UyMjhmNjVhOGFhOTk2NGQyNGQwNmNiNWZiYjBjZTkxYyIsCiAgICAgImViOGVmZjM3ZjkzYWYyZmFhYmE1MTlmMzQxZGVj',
    'ZWMzY2VjZDNlZWFmY2FjZTMyOTY2ZGI5NzIzODQyYzhhNjIiLAogICAgICI4YjQ5OGE4MGExYjdhZjE4OGMxMGM5YWJkZjZhYWRlODFkMTRmYWFmZmNkZTJhYmNkNjA2M2JhYTY3M2ViZDEyIiwKICAgICAiNTM5',
    'ZGRlNDQwMTRjODUwZmU2ZWViOGIyOTllYjdkYWUyZTFmNGJmODM0NTRiOTQ5ZTk4YWE3MzU0MmNkYzY1YSIsCiAgICAgIjU0ODA5MTE1YjQwMTM3YWFjMDFhZjRiN2FjMjQwOGM3N2VhMGQ1OGZhNGRhZDQ4ZmMz',
    'MTk2NDk3ZDJhMjZmNDQiCiAgICBdLAogICAgInRocmVzaG9sZCI6IDMKICAgfSwKICAgInNuYXBzaG90IjogewogICAgImtleWlkcyI6IFsKICAgICAiZWI5Nzk5YjQ4M2FmZmFjOWRhODdlZjRjOWVhNDY3OTI4',
    'NDE1Yzk2MTM0OWU2MDdlNWU2ZTQ4NTY3OWIwN2Y4ZiIKICAgIF0sCiAgICAidGhyZXNob2xkIjogMSwKICAgICJ4LXR1Zi1vbi1jaS1leHBpcnktcGVyaW9kIjogMjEsCiAgICAieC10dWYtb24tY2ktc2lnbmlu',
    'Zy1wZXJpb2QiOiA3CiAgIH0sCiAgICJ0YXJnZXRzIjogewogICAgImtleWlkcyI6IFsKICAgICAiYTEwNTEzYTVhYjYxYWNkMGM2YjZmYmUwNTA0ODU2ZWFkMThmM2IxN2M0ZmFiYmUzZmE4NDhjNzlhNWExODdj',
    'ZiIsCiAgICAgIjRmNGQxZGQ3NWYyZDdmMzg2MGUzYTA2OGQ3YmVkOTBkZWM1ZjBmYWFmY2JlMWFjZTdmYjdkOTVkMjllMDcyMjgiLAogICAgICI4ODczN2NjZGFjN2I0OWNjMjM3ZTlhYWVhZDgxYmUyYTQwMjc4',
    'Yjg4NmE2OTNkODE0OWExOWNmNTQzZjA5M2QzIiwKICAgICAiZDZhODllMjNmYjIyODAxYTBkMTE4NmJmMWJkZDAwN2UyMjhmNjVhOGFhOTk2NGQyNGQwNmNiNWZiYjBjZTkxYyIsCiAgICAgImViOGVmZjM3Zjkz',
    'YWYyZmFhYmE1MTlmMzQxZGVjZWMzY2VjZDNlZWFmY2FjZTMyOTY2ZGI5NzIzODQyYzhhNjIiLAogICAgICI4YjQ5OGE4MGExYjdhZjE4OGMxMGM5YWJkZjZhYWRlODFkMTRmYWFmZmNkZTJhYmNkNjA2M2JhYTY3',
    'M2ViZDEyIiwKICAgICAiNTM5ZGRlNDQwMTRjODUwZmU2ZWViOGIyOTllYjdkYWUyZTFmNGJmODM0NTRiOTQ5ZTk4YWE3MzU0MmNkYzY1YSIsCiAgICAgIjU0ODA5MTE1YjQwMTM3YWFjMDFhZjRiN2FjMjQwOGM3',
    'N2VhMGQ1OGZhNGRhZDQ4ZmMzMTk2NDk3ZDJhMjZmNDQiCiAgICBdLAogICAgInRocmVzaG9sZCI6IDMKICAgfSwKICAgInRpbWVzdGFtcCI6IHsKICAgICJrZXlpZHMiOiBbCiAgICAgImViOTc5OWI0ODNhZmZh',
    'YzlkYTg3ZWY0YzllYTQ2NzkyODQxNWM5NjEzNDllNjA3ZTVlNmU0ODU2NzliMDdmOGYiCiAgICBdLAogICAgInRocmVzaG9sZCI6IDEsCiAgICAieC10dWYtb24tY2ktZXhwaXJ5LXBlcmlvZCI6IDcsCiAgICAi',
    'eC10dWYtb24tY2ktc2lnbmluZy1wZXJpb2QiOiA2CiAgIH0KICB9LAogICJzcGVjX3ZlcnNpb24iOiAiMS4wLjMxIiwKICAidmVyc2lvbiI6IDMsCiAgIngtdHVmLW9uLWNpLWV4cGlyeS1wZXJpb2QiOiAyNDAs',
    'CiAgIngtdHVmLW9uLWNpLXNpZ25pbmctcGVyaW9kIjogNjAKIH0KfQ==',
].join('');

;// CONCATENATED MODULE: ./src/deliver/sigstore-tuf.ts
/**
 * Sigstore trusted roots through TUF, for GitHub attestations when the policy names no
 * `sigstore_trusted_root`: the public-good instance (public repositories) from
 * `https://tuf-repo-cdn.sigstore.dev`, whose initial root @sigstore/tuf ships, and GitHub's own
 * instance (private and internal repositories) from `https://tuf-repo.github.com`, seeded with the
 * root the GitHub CLI embeds. @sigstore/tuf verifies every metadata update against the root it
 * holds, and keeps a cache (under `RUNNER_TEMP`) that a later run starts from.
 */







const PUBLIC_GOOD_TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
const GITHUB_TUF_MIRROR = 'https://tuf-repo.github.com';
const DEFAULT_TUF_TIMEOUT_MS = 15_000;
const DEFAULT_TUF_REPOSITORIES = [
    { mirrorURL: PUBLIC_GOOD_TUF_MIRROR, required: true },
    { mirrorURL: GITHUB_TUF_MIRROR, initialRoot: Buffer.from(GITHUB_TUF_ROOT_BASE64, 'base64'), required: false },
];
/** The cache folder: one per runner job (RUNNER_TEMP is emptied between jobs). */
function tufCacheRoot(env = process.env) {
    return (0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'maestro-gate-tuf');
}
/**
 * The `trusted_root.json` of each repository, as JSON. A required repository that cannot be
 * updated (unreachable, or metadata that does not verify) throws {@link AttestationTrustError}.
 */
async function trustedRootsFromTuf(options = {}) {
    const cacheRoot = options.cacheRoot ?? tufCacheRoot();
    const roots = [];
    for (const repository of options.repositories ?? DEFAULT_TUF_REPOSITORIES) {
        try {
            await (0,promises_.mkdir)(cacheRoot, { recursive: true });
            let rootPath;
            if (repository.initialRoot !== undefined) {
                rootPath = (0,external_node_path_.join)(cacheRoot, `${encodeURIComponent(new URL(repository.mirrorURL).host)}.initial-root.json`);
                await (0,promises_.writeFile)(rootPath, repository.initialRoot);
            }
            const root = await (0,tuf_dist.getTrustedRoot)({
                mirrorURL: repository.mirrorURL,
                cachePath: cacheRoot,
                ...(rootPath === undefined ? {} : { rootPath }),
                timeout: options.timeoutMs ?? DEFAULT_TUF_TIMEOUT_MS,
                retry: { retries: 1 },
            });
            roots.push(dist.TrustedRoot.toJSON(root));
        }
        catch (error) {
            const message = `the Sigstore trusted root from ${repository.mirrorURL} could not be obtained through TUF (${error instanceof Error ? error.message : String(error)})`;
            if (repository.required) {
                throw new attestations/* AttestationTrustError */.RI(`${message}: check that the runner can reach it, or name a trusted root in the policy (sigstore_trusted_root)`);
            }
            options.onWarning?.(`${message}; attestations from GitHub's own Sigstore instance (private repositories) cannot be verified`);
        }
    }
    return roots;
}


/***/ })

};
