// Package acctest is the one test kit of the provider's tests (imported by
// _test.go files only; depguard):
//   - env.go: Env, one emulator per test on 127.0.0.1 seeded with the demo
//     account, the provider factories wired to it (Factories, NewProvider),
//     Main for each test package's TestMain, and CLI, the terraform runner
//     that serves a fresh provider to every command, for tests that read
//     what a person reads;
//   - hooks.go: the webhook endpoint that answers Meta's verification, the
//     configurations of each resource type, the one secret-in-state check
//     (SecretAbsentFromState) and the one last-body helper (LastBody);
//   - world.go: the checks that state equals the emulator's world, per
//     resource type (InSync, SubscribedAs, NumberHookIs, ProfileIs,
//     ExpectRegistered), and plan JSON helpers.
package acctest
