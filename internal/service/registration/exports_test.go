package registration

// What the acceptance tests (package registration_test) need of the
// package's internals: the private state keys they look for in state
// files. The AWS provider's internal/service/<svc>/exports_test.go model.
const (
	PrivatePIN             = privatePIN
	PrivatePlanOf          = privatePlanOf
	PrivateRegisterFollows = privateRegisterFollows
)
