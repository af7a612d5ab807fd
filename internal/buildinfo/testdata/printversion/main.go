// Command printversion prints buildinfo.String, for the test of the -X flags.
package main

import (
	"fmt"

	"github.com/paperboy-reader/paperboy/internal/buildinfo"
)

func main() { fmt.Println(buildinfo.String()) }
