// Command nobuild is a service that does not compile, for
// TestAppRefusesBadInput: a topology's ec2 source that does not build.
package main

func main() {
	var port int = "8080"
	_ = port
}
