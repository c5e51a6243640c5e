module "example.com/demo/v2" // comment

go 1.21

require (
	golang.org/x/mod v0.1.0
)
