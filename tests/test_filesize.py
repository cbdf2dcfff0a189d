from bouquet.filesize import file_size


def test_sizes_read_the_french_way():
    assert file_size(0) == "0\u00a0octet"
    assert file_size(850) == "850\u00a0octets"
    assert file_size(12 * 1024 + 300) == "12\u00a0Ko"
    assert file_size(1500) == "1,5\u00a0Ko"
    assert file_size(int(1.44 * 1024 ** 2)) == "1,4\u00a0Mo"
    assert file_size(1023 * 1024 ** 2) == "1\u202f023\u00a0Mo"
