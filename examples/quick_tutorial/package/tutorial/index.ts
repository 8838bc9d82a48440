// package
