module flatland

go 1.26
