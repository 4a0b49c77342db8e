-- The schema `manage.py migrate` creates, loaded by migrate's fast path for an empty MariaDB
-- database (erp/migration_safety/fast_path.py). Written by `manage.py schema_snapshot`: do not edit.
-- server: 10.11.19-MariaDB-0+deb12u1
-- fast path: on
-- migration: contenttypes 0001_initial 35ed8489a147e0b4 fe0e53930c3fd7107c839016792251665bc303de5186e7a3ae9594b5d1cfe26a
-- migration: auth 0001_initial 845cff319606332f b9b3ba038f03362f23aefa9e8bfe1fca38cb90a976d5e3d63fc64eab7a1f4f6a
-- migration: admin 0001_initial f4716989d9815b62 295dfc56d42e33bfd6a46c12be1459fb5b9f0e6c45f70de4d41139a19e186f2d
-- migration: admin 0002_logentry_remove_auto_add 2c127e659a2236ed 37ec73bf6bef9ba012f71499f7a5898592ecca3743290b20a2aaa611140409b6
-- migration: admin 0003_logentry_add_action_flag_choices 02700a827190720e 0113a00e9b35256a54660d48175ec41e79cff1aba848ef5e9db3d3d8d90dc449
-- migration: auditlog 0001_initial d894cb501826eb3a 11b447244bf66277ffd9034cfeb3b09e912a26fa5753f1e1dd54eef51b874cf1
-- migration: auditlog 0002_auto_support_long_primary_keys be17a64c9283e0ec 2edc501b55d59bad1d3dee5cc583cd4486d80de75730deb52ddc5e5d623bb7d9
-- migration: auditlog 0003_logentry_remote_addr b98bb4944f34fa44 522b0f58eb6b62ecbc7c949d06ae02955b18a9c9c94b06bef84579000ae76a25
-- migration: auditlog 0004_logentry_detailed_object_repr 4cae8e33768816ba e3463d54e13e313d2c2b80f2b24e964b4b57e02bb4fc7d0a18a9228983725bf6
-- migration: auditlog 0005_logentry_additional_data_verbose_name 9138ff278d2591a5 c937f16459f53452642c38d552e1ce89e9adbd256e10b6093079031cc8cd672b
-- migration: auditlog 0006_object_pk_index 836fd8297dc0879e 6340cbaf1804cd52e3fe51fcd2609d85d18ebf6bfa5f1f43c04ba210c2536919
-- migration: auditlog 0007_object_pk_type b5548c8bbcdbe932 6340cbaf1804cd52e3fe51fcd2609d85d18ebf6bfa5f1f43c04ba210c2536919
-- migration: auditlog 0008_action_index 449666f6d6555a4f 1d2b1f6b56b6918c56ad8588606f5ff71ecb5a3d06b0cc6fb56eb6bf1efcc184
-- migration: auditlog 0009_alter_logentry_additional_data 5ce8334fba395dc5 c937f16459f53452642c38d552e1ce89e9adbd256e10b6093079031cc8cd672b
-- migration: auditlog 0010_alter_logentry_timestamp d20bb342a7a9b699 3cc10a9249ca55f22e778a85e18756a39e41e29600b775174fc3b70c4cd32b3f
-- migration: auditlog 0011_logentry_serialized_data 71ff8455a0bedc99 828e76c611715b239282deae93e1d5aa1ee8c7e6e7c191dfc318b59274659064
-- migration: auditlog 0012_add_logentry_action_access 7e04cca5fe9a04d0 c2f9f879f94239735180019466359e3527de3f7f19abe617b12d5e4a8760bd2e
-- migration: auditlog 0013_alter_logentry_timestamp d8f57f25fc9a430c f27e205b4ad1925020a6d404b0dc4e45f15b0585b9aa3a5df105fcb0fb526005
-- migration: auditlog 0014_logentry_cid 739bdda647982cf3 758eb59913933147fbd807282ad909f4185a8674bd94c5f3a803cf015f0158a8
-- migration: auditlog 0015_alter_logentry_changes 25912fc753aec296 0caa25b06d0f91baf5276f2cacf5cf26b51270165e41c1de7f63e398978887a7
-- migration: auditlog 0016_logentry_remote_port 55c99b87ce875251 d6f7eb485dd94d72dbfbbd096d1fffe4422e80577e5fe8507dbf2db80b1b73ee
-- migration: auditlog 0017_add_actor_email ee638dd533b16edc 1189c21c3a855951bb825a15cbfa3576beb9d338e23b4f3662198ae253753773
-- migration: contenttypes 0002_remove_content_type_name 7d36494075750f0e b3110d5ab9362a4e4a24a3d2aa886891f59d458b2abc2cdd3e06b4e9e72b9ff4
-- migration: auth 0002_alter_permission_name_max_length feaf97e0e8f7d148 2340ee3a785ea9565350a03ee90bdf707e259bfad3448e2b2b362ae2ae1145a5
-- migration: auth 0003_alter_user_email_max_length 9d5657b4db9872dc 0e4f43825efddb5992d4c5753d3a5af8feb253c3bf5d4106c8821a8004dee416
-- migration: auth 0004_alter_user_username_opts 9538db342c9a9bec 97b2da904c2a1b3c2891512270cf6b611547090478ca1127d5f4cf6532ab66a1
-- migration: auth 0005_alter_user_last_login_null 79f60a35dc000fdd b1b6a958c2bcfcae7d9f1d98e8884cb4402a02550203b825263f864832645cfa
-- migration: auth 0006_require_contenttypes_0002 00cb16e3405f14b6 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
-- migration: auth 0007_alter_validators_add_error_messages 115db87dc327530f 97b2da904c2a1b3c2891512270cf6b611547090478ca1127d5f4cf6532ab66a1
-- migration: auth 0008_alter_user_username_max_length 02857f65f7d64814 cfee06deb1fb49fb770abe8a15525131a8547826b52c0eac20530672b801428f
-- migration: auth 0009_alter_user_last_name_max_length 19a89500e7f108a7 445a9286886dd979cf842f2929ed677cd99bd331894eb39141cfecbe0b10957e
-- migration: auth 0010_alter_group_name_max_length 0963ed6498ac0b3a a8fb3238a5fa56bb004ba9acdd60166463969f662ef0daf4b826ce2a482fb9b8
-- migration: auth 0011_update_proxy_permissions 85a5dde708dc4b61 1e2920397904b6edb7350202cab3bf6bbafd1140ebcd7ad24ec6f909f3030dc6
-- migration: auth 0012_alter_user_first_name_max_length 6cefbc9f80903763 7f52e49c657184e056f0cf9482070d4c207c1959275983eb680b71bbb43ae42e
-- migration: axes 0001_initial e4c0194cf158395b ad3642fe1623ed62d83fcea49384201dfe41eb1fc4313312fd7b0caa4f76f3d7
-- migration: axes 0002_auto_20151217_2044 a092989bdd502de7 e5f77ad74983754114d333a561839648c75d4bbd664dfb00f5f18adc20c56774
-- migration: axes 0003_auto_20160322_0929 ff269df1341caca0 a22857a885cd0b46772321bbf51964bc6767167fe4ce99c298a3f219e38f3da7
-- migration: axes 0004_auto_20181024_1538 71cdafbe7458c772 5e9f82609edeb88bfe022c00b418d19608fb5d5d522c07fbdae89e41cfb452af
-- migration: axes 0005_remove_accessattempt_trusted baf3f5f6de5b5ee8 7a61eaaa21224b56c0935c9476e44d5f4a09b49a10cb493b59a66d8ee6715341
-- migration: axes 0006_remove_accesslog_trusted 82850f25ae37e081 55b391f1c4c3845bb1e0506284297a1f1ee98ea5e14e0a28261b7e68726e5de6
-- migration: axes 0007_alter_accessattempt_unique_together c9fdd81629030721 bf17550100920bb11d65a8cf7acbaabed834ad986e1034cc0280953587962a5b
-- migration: axes 0008_accessfailurelog 2680dce9ecfcd4df 340e25ebb6002b560e7e9abc2cc3eeaffdd091bf7647a60389a3b9cf7a9a430f
-- migration: axes 0009_add_session_hash 82762be269ea4c62 03b55477a367fffc280da423d135dbef569d97bb36846f67b7ae4ca14b13c48f
-- migration: axes 0010_accessattemptexpiration 524ca5b4566a41b8 953c418d9b91d535ff6eca7f145a0d132f0ecfa6cba20fdcf676072a631e5733
-- migration: showroom 0001_initial 4286f88fd1e93dc6 df87ba5c053e4c02450ec3ca5f3dae51c9ba7d91b09aaf6522d7145595abf6cf
-- migration: sales 0001_initial e8b1197dcfe992d5 cc5a8e4e62a8b0a30031fe04101b1f4b089fb886615057ae2a2abdc83e66b869
-- migration: hr 0001_initial ff20c6cfbfeb15ea 6519294312ce2d0a7ea723f2b650998352521e92351b6fd6354b9b497a4f432a
-- migration: dispatch 0001_initial 3523ac5c66e65c13 98d2ac30ce141f6b0b12a9437db6e7e558a0563fe74bd26c62b8e5562557bb62
-- migration: dispatch 0002_constraint_messages 9a3ce66ae25d94e1 6aca6ed8d8489c5c7afe042af01659df85c59ff4601e4b70b23967ebe28a7e8c
-- migration: dispatch 0003_status_labels fb1fca07db95fd0d 5b03cf0b471275a57ec91046080446b3efaff1cae04a20fd22f3ce8c1060866c
-- migration: dispatch 0004_closed_states_keep_their_times 0e34c26a54dd5b24 cb13326fc6fabad6a1f3c7bbee49ab95814e410b804dbc65612d40c5e0b8d5c8
-- migration: erp 0001_initial f32de97924a034b8 5fb9ddde33db89cb7caed44c1a9444fee49fbd8296776ef78bd17efc606f2ae2
-- migration: erp 0002_first_admin_user 1df20d5a658027a5 8d58ade661852599df40bbb4fe723e25e6661326ccca4fdf461cecc2ff066091
-- migration: erp 0003_module_groups 2c39aa4531591bd3 78f571eb5da8b681d5c893071d086347ad0a0beab1ad573c23a9a63cb8f35608
-- migration: erp 0004_migration_checksum 29246c411f238ebf 8e70a334a1685b4c39e9bd7f7474316e107ace1d3b985cc0a9664cececfd446f
-- migration: erp 0005_quarantined_value 4c856533a898568b 4d69282b9d7c6e501a9e1b62b2773f9c4641046831d98468592ada0393a47030
-- migration: erp 0006_migration_run 8f2d020559357b6a 270b4f14e89694f55c6efdf86a0fb280bba4d7254d6945f788e63ecafd15fcbf
-- migration: erp 0007_adoption_review 2f4ccd1c75b6e7c4 0ca298cb441141125d5a93439111bd9de97462e92d0136f4b0e3b1ac7852747b
-- migration: erp 0008_quarantined_row a614a2826e73ee0d 044f5c95149145050b68f8bd602c4c8d7fe818d35df1581c0ee5385fbf2e87c7
-- migration: fleet 0001_initial a63deb1acecebc11 eabcd876ad553505ee14f0cb05f16fbdbf865eda8d8c4b9adb4f95a484504357
-- migration: fleet 0002_unique_ignoring_case 5a1eadf03a881281 5b47471cd43fb668702c78e4b8e92feefb00300bafd9b88d6f5af4522445056c
-- migration: gate 0001_initial 2adcff69a272b04e 42d857eaeed10dd11e53fd0c9884e4a7ada45f0f4364bf05ae83a46402a5b4fe
-- migration: gate 0002_entry_log_changelist_indexes 15bcddd2f4e8e53b 61b4917cc937886695aa5fc1ead2e206f9967ef0b3cbbe6e17a36f07f8e440a7
-- migration: gate 0003_constraint_messages bbfbdd5f5ba0e089 d7e3bc26081c2df4e55ab50b021ee1c3fb9cb2bc63ec2d8e73759556b2efe4d0
-- migration: guestlist 0001_initial 040df6191e6f43a5 dd57ef3d3fe99ee3510a07eaf3d9afe35bdeb0f99cb2f3340345966c5bb416dd
-- migration: guestlist 0002_constraint_messages 16d9c731115f79f9 9796cd3f988718ae20b205363478ee376770714c8135db35fd7065768a1e9fab
-- migration: guestlist 0003_closed_states_keep_their_times dc61ee0153f9f0cd 301361fcca550ab0c1a89172887338e9af6114594d38515b6d47eeb02249830a
-- migration: hr 0002_attendance_changelist_indexes 0e54e785c2d83814 776626728fc611c859a25215762c8099eadec17d78489f94044f733901ca1659
-- migration: hr 0003_leave_manager_step_user 4058623dcb0c454c 90b254a166ee331f7be21358a00f2a4615d8297eb48399ad44c5dc0f24af52d8
-- migration: hr 0004_attendance_night_shifts_absent_without_hours fa955b17a7930343 2f98c35e3d78ef01f5fb6c65740c8ef548cea43fcd510d19246219514deafe9c
-- migration: hr 0005_unique_ignoring_case_one_application a01f5f3d589c02e5 d59b98a23679b4528a10ff81acc5af6d51bad1d4c514c427acb5de55e8d0b44f
-- migration: hr 0006_constraint_messages ee4c6fb4573630c7 e9d8d4d39943151a0d047d2197a81037ba20c1941724d202253103b77f45c818
-- migration: hr 0007_status_labels 8674bf077a4bde9a 26ce0a37e13c4ac0a05eb18ac0ea9cb91c9f4075366ffc5a13861c4bee905fe0
-- migration: hr 0008_employee_user 4be013e44f8f8c69 6b37d6ec99d8989c097f2f2f34e6c808763b2f8cb70768c5a676a4780a9a99c5
-- migration: hr 0009_closed_states_keep_their_times b926d63bef975953 9f40c16dba21e8e4e5f570684c8446d5d6cf42c5fc9ef50f0fd75e72340ec38e
-- migration: hr 0010_payroll_reversal b477886612a42f1c b54c4f4a192060b586004fbb4865af12c8f8e432bb2175189770df8544e4c92d
-- migration: hr 0011_managers_group 057d678b1f6bf74c 64139d52f0aa10ef266d54a6485ce224831283f5ae33a093feefed4925cc1680
-- migration: hr 0012_attendance_search_index 315de4ce363a5a06 8717491d46e03c87b9eeeebf456b1552cf2a93286a9f4d195690215724ce2e0e
-- migration: hr 0013_attendance_employee_name_index 432b0d110f4eae0a 539a961494162460e726ab58cacf642e2104886dd143d23a0034e5d3c682b2ec
-- migration: otp_static 0001_initial e5f44e1c6a9e7a66 0aefeb12134d257b634ebc00c9b19d28ea32423b5814e18c843c2879f1646e5c
-- migration: otp_static 0002_throttling 88bc119b723dda21 02a74483144d651fe02e82217bb9ab64de8b968da699a518384be7cc4605acf8
-- migration: otp_static 0003_add_timestamps f225fc7493e55f28 c78b11a63625379b27000b22f38f0f63e3b619abe08e16a36b22a376078acb97
-- migration: otp_totp 0001_initial 366d9effe737f771 836b89ffef50aea1653dc1ce7410b1d501f2a04d4c1038d896fc00d9d8c8f47d
-- migration: otp_totp 0002_auto_20190420_0723 2bf09966867c24ae b71f37e7b0a0415eb81da90fa476143840033e8354df796953f25d003c3b682c
-- migration: otp_totp 0003_add_timestamps 7999680ed610b0c8 e451ff62be5dcc788cd4e3d75576bcbc5d6ce680b8361e6b89902206751a276e
-- migration: purchasing 0001_initial d61a8e87fb1f0f6b 42deabd9d281a4f6db6fda23eb51224e6f67a15e0ba3a273f1c97b5359d19272
-- migration: purchasing 0002_purchase_order_number_sequence abcab89e0afe8ee3 6b444b967f29703bffcdc37864d3e3a82fb43c517fb3f9e5b3d07e809d1be837
-- migration: purchasing 0003_purchase_order_number_sequence_row aaf0ffea19815b3c 8835b8764e9b58c48271438942913bb84833cea59025eeb5324380253e597c51
-- migration: purchasing 0004_purchase_order_created_by 21dac04b648a4efe e8e84b547755f9f8118a5f6ba6464001458ae58e8ac1df9ebb4655053eaf6446
-- migration: purchasing 0005_unique_ignoring_case 10d5be9f9bf726ae b78648f5d5f9ddcc40e42444c572d41d831ce1b8ff00fdf0973b28812539ab2a
-- migration: purchasing 0006_constraint_messages e8d4425251bb3702 4a501596be65e3ff6595a3df635cad8fe1e6f20054f7bcbb8603b23e28415e80
-- migration: showroom 0002_sample_catalogue e719e159b40ba830 b97506880777d587b30c9ec18c6cee697753090ea0e368072f6d1d578e4d10db
-- migration: showroom 0003_constraint_messages 23c03abdbb17de93 00bb4a6816aa6bfacf8cc9d5aa60d3697a3bb244c597fd88def083975e3a1f4f
-- migration: sales 0002_sales_transaction_sign_matches_type 81459dc4e848a2a7 4a7302a6daf2f5073d412e04b1422c9a9e92494e21b97c818a106cac07849286
-- migration: sales 0003_transaction_changelist_indexes 34b4eac65b181b46 3eb50e44b51d2e50ec84943a019ea25a93375379edb04893273d3cf8f232e25d
-- migration: sales 0004_unique_ignoring_case b27da741087e5faf 680e2f8651045ad148e2f709d9ea9a83bf14835aa89e263516e145702c815d83
-- migration: sales 0005_constraint_messages be2524ed3376a1a3 b95fa0d9a5c5f7c7e88adc5bc12bbe61152c92a4e83c80aad9b87983ef760052
-- migration: sales 0006_order_customer_index 6fc4a933a68040b5 d3cb833b7e2c072fb947a13d90baf723b1c1efc8c8f538d72bdc0419247e2928
-- migration: sessions 0001_initial 2aa438e2393ee513 8a026872e4111743287666fc9e7db5700d2b5a824269984aca210d1eab91e576

CREATE TABLE IF NOT EXISTS `attendance` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(100) DEFAULT NULL,
  `date` date NOT NULL,
  `check_in_time` time(6) DEFAULT NULL,
  `check_out_time` time(6) DEFAULT NULL,
  `status` varchar(10) NOT NULL,
  `hours_worked` decimal(5,2) DEFAULT NULL,
  `notes` longtext DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `employee_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `attendance_one_per_employee_per_day` (`employee_id`,`date`),
  KEY `attendance_date_idx` (`date`,`id`),
  KEY `attendance_status_date_idx` (`status`,`date`,`id`),
  KEY `attendance_name_employee_idx` (`name`,`employee_id`),
  KEY `attendance_employee_name_idx` (`employee_id`,`name`),
  CONSTRAINT `attendance_employee_id_882f95e1_fk_employees_id` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`),
  CONSTRAINT `attendance_hours_in_day` CHECK (`hours_worked` is null or `hours_worked` >= 0 and `hours_worked` <= 24),
  CONSTRAINT `attendance_absent_without_hours` CHECK (`status` <> 'ABSENT' or `check_in_time` is null and `check_out_time` is null and (`hours_worked` is null or `hours_worked` = 0))
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `auditlog_logentry` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `object_pk` varchar(255) NOT NULL,
  `object_id` bigint(20) DEFAULT NULL,
  `object_repr` longtext NOT NULL,
  `action` smallint(5) unsigned NOT NULL CHECK (`action` >= 0),
  `changes` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`changes`)),
  `timestamp` datetime(6) NOT NULL,
  `actor_id` int(11) DEFAULT NULL,
  `content_type_id` int(11) NOT NULL,
  `remote_addr` char(39) DEFAULT NULL,
  `additional_data` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`additional_data`)),
  `serialized_data` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`serialized_data`)),
  `cid` varchar(255) DEFAULT NULL,
  `changes_text` longtext NOT NULL,
  `remote_port` int(10) unsigned DEFAULT NULL CHECK (`remote_port` >= 0),
  `actor_email` varchar(254) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `auditlog_logentry_actor_id_959271d2_fk_auth_user_id` (`actor_id`),
  KEY `auditlog_logentry_content_type_id_75830218_fk_django_co` (`content_type_id`),
  KEY `auditlog_logentry_object_id_09c2eee8` (`object_id`),
  KEY `auditlog_logentry_object_pk_6e3219c0` (`object_pk`),
  KEY `auditlog_logentry_action_229afe39` (`action`),
  KEY `auditlog_logentry_timestamp_37867bb0` (`timestamp`),
  KEY `auditlog_logentry_cid_9f467263` (`cid`),
  CONSTRAINT `auditlog_logentry_actor_id_959271d2_fk_auth_user_id` FOREIGN KEY (`actor_id`) REFERENCES `auth_user` (`id`),
  CONSTRAINT `auditlog_logentry_content_type_id_75830218_fk_django_co` FOREIGN KEY (`content_type_id`) REFERENCES `django_content_type` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `auth_group` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(150) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `name` (`name`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `auth_group_permissions` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `group_id` int(11) NOT NULL,
  `permission_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `auth_group_permissions_group_id_permission_id_0cd325b0_uniq` (`group_id`,`permission_id`),
  KEY `auth_group_permissio_permission_id_84c5c92e_fk_auth_perm` (`permission_id`),
  CONSTRAINT `auth_group_permissio_permission_id_84c5c92e_fk_auth_perm` FOREIGN KEY (`permission_id`) REFERENCES `auth_permission` (`id`),
  CONSTRAINT `auth_group_permissions_group_id_b120cbf9_fk_auth_group_id` FOREIGN KEY (`group_id`) REFERENCES `auth_group` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `auth_permission` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(255) NOT NULL,
  `content_type_id` int(11) NOT NULL,
  `codename` varchar(100) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `auth_permission_content_type_id_codename_01ab375a_uniq` (`content_type_id`,`codename`),
  CONSTRAINT `auth_permission_content_type_id_2f476e4b_fk_django_co` FOREIGN KEY (`content_type_id`) REFERENCES `django_content_type` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `auth_user` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `password` varchar(128) NOT NULL,
  `last_login` datetime(6) DEFAULT NULL,
  `is_superuser` tinyint(1) NOT NULL,
  `username` varchar(150) NOT NULL,
  `first_name` varchar(150) NOT NULL,
  `last_name` varchar(150) NOT NULL,
  `email` varchar(254) NOT NULL,
  `is_staff` tinyint(1) NOT NULL,
  `is_active` tinyint(1) NOT NULL,
  `date_joined` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `username` (`username`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `auth_user_groups` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_id` int(11) NOT NULL,
  `group_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `auth_user_groups_user_id_group_id_94350c0c_uniq` (`user_id`,`group_id`),
  KEY `auth_user_groups_group_id_97559544_fk_auth_group_id` (`group_id`),
  CONSTRAINT `auth_user_groups_group_id_97559544_fk_auth_group_id` FOREIGN KEY (`group_id`) REFERENCES `auth_group` (`id`),
  CONSTRAINT `auth_user_groups_user_id_6a12ed8b_fk_auth_user_id` FOREIGN KEY (`user_id`) REFERENCES `auth_user` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `auth_user_user_permissions` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_id` int(11) NOT NULL,
  `permission_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `auth_user_user_permissions_user_id_permission_id_14a6b632_uniq` (`user_id`,`permission_id`),
  KEY `auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm` (`permission_id`),
  CONSTRAINT `auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm` FOREIGN KEY (`permission_id`) REFERENCES `auth_permission` (`id`),
  CONSTRAINT `auth_user_user_permissions_user_id_a95ead1b_fk_auth_user_id` FOREIGN KEY (`user_id`) REFERENCES `auth_user` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `axes_accessattempt` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_agent` varchar(255) NOT NULL,
  `ip_address` char(39) DEFAULT NULL,
  `username` varchar(255) DEFAULT NULL,
  `http_accept` varchar(1025) NOT NULL,
  `path_info` varchar(255) NOT NULL,
  `attempt_time` datetime(6) NOT NULL,
  `get_data` longtext NOT NULL,
  `post_data` longtext NOT NULL,
  `failures_since_start` int(10) unsigned NOT NULL CHECK (`failures_since_start` >= 0),
  PRIMARY KEY (`id`),
  UNIQUE KEY `axes_accessattempt_username_ip_address_user_agent_8ea22282_uniq` (`username`,`ip_address`,`user_agent`),
  KEY `axes_accessattempt_ip_address_10922d9c` (`ip_address`),
  KEY `axes_accessattempt_user_agent_ad89678b` (`user_agent`),
  KEY `axes_accessattempt_username_3f2d4ca0` (`username`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `axes_accessattemptexpiration` (
  `access_attempt_id` int(11) NOT NULL,
  `expires_at` datetime(6) NOT NULL,
  PRIMARY KEY (`access_attempt_id`),
  CONSTRAINT `axes_accessattemptex_access_attempt_id_6b73a47a_fk_axes_acce` FOREIGN KEY (`access_attempt_id`) REFERENCES `axes_accessattempt` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `axes_accessfailurelog` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_agent` varchar(255) NOT NULL,
  `ip_address` char(39) DEFAULT NULL,
  `username` varchar(255) DEFAULT NULL,
  `http_accept` varchar(1025) NOT NULL,
  `path_info` varchar(255) NOT NULL,
  `attempt_time` datetime(6) NOT NULL,
  `locked_out` tinyint(1) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `axes_accessfailurelog_user_agent_ea145dda` (`user_agent`),
  KEY `axes_accessfailurelog_ip_address_2e9f5a7f` (`ip_address`),
  KEY `axes_accessfailurelog_username_a8b7e8a4` (`username`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `axes_accesslog` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_agent` varchar(255) NOT NULL,
  `ip_address` char(39) DEFAULT NULL,
  `username` varchar(255) DEFAULT NULL,
  `http_accept` varchar(1025) NOT NULL,
  `path_info` varchar(255) NOT NULL,
  `attempt_time` datetime(6) NOT NULL,
  `logout_time` datetime(6) DEFAULT NULL,
  `session_hash` varchar(64) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `axes_accesslog_ip_address_86b417e5` (`ip_address`),
  KEY `axes_accesslog_user_agent_0e659004` (`user_agent`),
  KEY `axes_accesslog_username_df93064b` (`username`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `candidates` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(200) NOT NULL,
  `email` varchar(255) NOT NULL,
  `phone` varchar(20) DEFAULT NULL,
  `skills` longtext DEFAULT NULL,
  `experience_years` decimal(4,1) DEFAULT NULL,
  `current_position` varchar(200) DEFAULT NULL,
  `current_company` varchar(200) DEFAULT NULL,
  `location` varchar(100) DEFAULT NULL,
  `resume_path` varchar(500) DEFAULT NULL,
  `source` varchar(100) DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `notes` longtext DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `added_by` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `candidates_email_unique` (`email`),
  KEY `candidates_added_by_8bdbe7c9_fk_employees_id` (`added_by`),
  CONSTRAINT `candidates_added_by_8bdbe7c9_fk_employees_id` FOREIGN KEY (`added_by`) REFERENCES `employees` (`id`),
  CONSTRAINT `candidates_experience_not_negative` CHECK (`experience_years` is null or `experience_years` >= 0)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `customer` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(200) NOT NULL,
  `contact` varchar(100) DEFAULT NULL,
  `email` varchar(200) DEFAULT NULL,
  `address` varchar(400) DEFAULT NULL,
  `customer_type` varchar(50) NOT NULL,
  `credit_limit` decimal(12,2) NOT NULL,
  `current_balance` decimal(12,2) NOT NULL,
  `is_active` tinyint(1) NOT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `customer_name_idx` (`name`,`id`),
  CONSTRAINT `customer_credit_limit_not_negative` CHECK (`credit_limit` >= 0)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `dispatch_request` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `party_name` varchar(200) NOT NULL,
  `party_contact` varchar(100) DEFAULT NULL,
  `party_address` varchar(400) DEFAULT NULL,
  `delivery_type` varchar(20) NOT NULL,
  `original_delivery_type` varchar(50) DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `party_email` varchar(200) DEFAULT NULL,
  `quantity` int(11) NOT NULL,
  `dispatch_notes` longtext DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `sales_order_id` int(11) DEFAULT NULL,
  `showroom_product_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `dispatch_request_status_idx` (`status`,`id`),
  KEY `dispatch_request_sales_order_id_49aea04e_fk_sales_order_id` (`sales_order_id`),
  KEY `dispatch_request_showroom_product_id_232adfe9_fk_showroom_` (`showroom_product_id`),
  CONSTRAINT `dispatch_request_sales_order_id_49aea04e_fk_sales_order_id` FOREIGN KEY (`sales_order_id`) REFERENCES `sales_order` (`id`),
  CONSTRAINT `dispatch_request_showroom_product_id_232adfe9_fk_showroom_` FOREIGN KEY (`showroom_product_id`) REFERENCES `showroom_product` (`id`),
  CONSTRAINT `dispatch_request_quantity_positive` CHECK (`quantity` >= 1)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `django_admin_log` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `action_time` datetime(6) NOT NULL,
  `object_id` longtext DEFAULT NULL,
  `object_repr` varchar(200) NOT NULL,
  `action_flag` smallint(5) unsigned NOT NULL CHECK (`action_flag` >= 0),
  `change_message` longtext NOT NULL,
  `content_type_id` int(11) DEFAULT NULL,
  `user_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `django_admin_log_content_type_id_c4bce8eb_fk_django_co` (`content_type_id`),
  KEY `django_admin_log_user_id_c564eba6_fk_auth_user_id` (`user_id`),
  CONSTRAINT `django_admin_log_content_type_id_c4bce8eb_fk_django_co` FOREIGN KEY (`content_type_id`) REFERENCES `django_content_type` (`id`),
  CONSTRAINT `django_admin_log_user_id_c564eba6_fk_auth_user_id` FOREIGN KEY (`user_id`) REFERENCES `auth_user` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `django_content_type` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `app_label` varchar(100) NOT NULL,
  `model` varchar(100) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `django_content_type_app_label_model_76bd3d3b_uniq` (`app_label`,`model`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `django_migrations` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `app` varchar(255) NOT NULL,
  `name` varchar(255) NOT NULL,
  `applied` datetime(6) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `django_session` (
  `session_key` varchar(40) NOT NULL,
  `session_data` longtext NOT NULL,
  `expire_date` datetime(6) NOT NULL,
  PRIMARY KEY (`session_key`),
  KEY `django_session_expire_date_a5c62663` (`expire_date`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `employees` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `employee_id` varchar(20) NOT NULL,
  `first_name` varchar(100) NOT NULL,
  `last_name` varchar(100) NOT NULL,
  `email` varchar(255) NOT NULL,
  `phone` varchar(20) DEFAULT NULL,
  `date_of_birth` date DEFAULT NULL,
  `gender` varchar(20) DEFAULT NULL,
  `address` longtext DEFAULT NULL,
  `department` varchar(100) NOT NULL,
  `designation` varchar(100) NOT NULL,
  `joining_date` date NOT NULL,
  `salary_type` varchar(10) DEFAULT NULL,
  `salary` decimal(12,2) NOT NULL,
  `status` varchar(20) NOT NULL,
  `photo` longtext DEFAULT NULL,
  `face_encoding` longtext DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `manager_id` int(11) DEFAULT NULL,
  `user_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `employees_employee_number_unique` (`employee_id`),
  UNIQUE KEY `employees_email_unique` (`email`),
  UNIQUE KEY `user_id` (`user_id`),
  KEY `employees_name_idx` (`last_name`,`first_name`,`id`),
  KEY `employees_manager_id_0674f795_fk_employees_id` (`manager_id`),
  CONSTRAINT `employees_manager_id_0674f795_fk_employees_id` FOREIGN KEY (`manager_id`) REFERENCES `employees` (`id`),
  CONSTRAINT `employees_user_id_c7f7a3f4_fk_auth_user_id` FOREIGN KEY (`user_id`) REFERENCES `auth_user` (`id`),
  CONSTRAINT `employees_salary_not_negative` CHECK (`salary` >= 0)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `erp_bootstrap_record` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `kind` varchar(50) NOT NULL,
  `object_pk` varchar(64) NOT NULL,
  `label` varchar(200) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `erp_bootstrap_record_unique` (`kind`,`object_pk`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `erp_link_proposal` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `kind` varchar(20) NOT NULL,
  `object_pk` varchar(64) NOT NULL,
  `proposed_pk` varchar(64) DEFAULT NULL,
  `basis` varchar(255) NOT NULL,
  `decision` varchar(10) NOT NULL,
  `linked_pk` varchar(64) DEFAULT NULL,
  `decided_by` varchar(150) NOT NULL,
  `decided_at` datetime(6) DEFAULT NULL,
  `adoption_run` varchar(40) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `erp_link_proposal_unique` (`kind`,`object_pk`),
  KEY `erp_link_proposal_open_idx` (`decision`,`kind`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `erp_migration_checksum` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `app` varchar(255) NOT NULL,
  `name` varchar(255) NOT NULL,
  `checksum` varchar(64) NOT NULL,
  `recorded_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `erp_migration_checksum_unique` (`app`,`name`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `erp_migration_run` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `kind` varchar(20) NOT NULL,
  `outcome` varchar(20) NOT NULL,
  `started_at` datetime(6) NOT NULL,
  `duration` double NOT NULL,
  `os_user` varchar(150) NOT NULL,
  `host` varchar(255) NOT NULL,
  `pid` int(10) unsigned NOT NULL CHECK (`pid` >= 0),
  `command` longtext NOT NULL,
  `migrations` longtext NOT NULL,
  `detail` longtext NOT NULL,
  PRIMARY KEY (`id`),
  KEY `erp_migration_run_started_idx` (`started_at` DESC,`id` DESC)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `erp_quarantined_row` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `table_name` varchar(64) NOT NULL,
  `row_pk` varchar(64) NOT NULL,
  `reason` varchar(30) NOT NULL,
  `column_name` varchar(64) NOT NULL,
  `detail` longtext NOT NULL,
  `row_data` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`row_data`)),
  `row_text` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`row_text`)),
  `corrections` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`corrections`)),
  `adoption_run` varchar(40) NOT NULL,
  `quarantined_at` datetime(6) NOT NULL,
  `restored_at` datetime(6) DEFAULT NULL,
  `restored_by` varchar(150) NOT NULL,
  `restore_note` longtext NOT NULL,
  `cascade_of_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `erp_quarantined_row_once` (`table_name`,`row_pk`,`adoption_run`),
  KEY `erp_quarantined_row_cascade_of_id_0a0414d4_fk_erp_quara` (`cascade_of_id`),
  CONSTRAINT `erp_quarantined_row_cascade_of_id_0a0414d4_fk_erp_quara` FOREIGN KEY (`cascade_of_id`) REFERENCES `erp_quarantined_row` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `erp_quarantined_value` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `table_name` varchar(64) NOT NULL,
  `column_name` varchar(64) NOT NULL,
  `row_pk` varchar(64) NOT NULL,
  `reason` varchar(30) NOT NULL,
  `detail` longtext NOT NULL,
  `original_value` longtext DEFAULT NULL,
  `replacement_value` longtext DEFAULT NULL,
  `restorable` tinyint(1) NOT NULL,
  `adoption_run` varchar(40) NOT NULL,
  `quarantined_at` datetime(6) NOT NULL,
  `restored_at` datetime(6) DEFAULT NULL,
  `restored_by` varchar(150) NOT NULL,
  `restore_note` longtext NOT NULL,
  `legacy_display` varchar(64) NOT NULL,
  `reviewed_at` datetime(6) DEFAULT NULL,
  `reviewed_by` varchar(150) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `erp_quarantine_table_idx` (`table_name`,`column_name`,`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `gate_entry_logs` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_name` varchar(200) NOT NULL,
  `user_phone` varchar(20) NOT NULL,
  `action` varchar(50) NOT NULL,
  `method` varchar(50) NOT NULL,
  `details` longtext DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `entry_time` datetime(6) DEFAULT NULL,
  `exit_time` datetime(6) DEFAULT NULL,
  `override_cooling` tinyint(1) NOT NULL,
  `timestamp` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `user_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `gate_entry_logs_user_id_2a9a71f5_fk_gate_users_id` (`user_id`),
  KEY `ix_gate_entry_logs_user_phone` (`user_phone`),
  KEY `ix_gate_entry_logs_timestamp` (`timestamp`),
  KEY `gate_entry_logs_action_idx` (`action`,`timestamp`,`id`),
  KEY `gate_entry_logs_method_idx` (`method`,`timestamp`,`id`),
  KEY `gate_entry_logs_status_idx` (`status`,`timestamp`,`id`),
  KEY `gate_entry_logs_name_idx` (`user_name`),
  CONSTRAINT `gate_entry_logs_user_id_2a9a71f5_fk_gate_users_id` FOREIGN KEY (`user_id`) REFERENCES `gate_users` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `gate_entry_sessions` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_name` varchar(200) NOT NULL,
  `user_phone` varchar(20) NOT NULL,
  `date` date NOT NULL,
  `entry_time` datetime(6) DEFAULT NULL,
  `exit_time` datetime(6) DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `last_action_time` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `user_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_user_date` (`user_id`,`date`),
  KEY `ix_gate_entry_sessions_date` (`date`),
  CONSTRAINT `gate_entry_sessions_user_id_f4f3fd80_fk_gate_users_id` FOREIGN KEY (`user_id`) REFERENCES `gate_users` (`id`),
  CONSTRAINT `gate_entry_sessions_exit_after_entry` CHECK (`exit_time` is null or `entry_time` is null or `exit_time` >= `entry_time`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `gate_pass` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `party_name` varchar(200) NOT NULL,
  `vehicle_no` varchar(100) DEFAULT NULL,
  `driver_name` varchar(200) DEFAULT NULL,
  `driver_contact` varchar(100) DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `issued_at` datetime(6) DEFAULT NULL,
  `verified_at` datetime(6) DEFAULT NULL,
  `send_in_photo` varchar(500) DEFAULT NULL,
  `after_loading_photo` varchar(500) DEFAULT NULL,
  `dispatch_request_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `gate_pass_dispatch_request_id_de43f1cc_fk_dispatch_request_id` (`dispatch_request_id`),
  CONSTRAINT `gate_pass_dispatch_request_id_de43f1cc_fk_dispatch_request_id` FOREIGN KEY (`dispatch_request_id`) REFERENCES `dispatch_request` (`id`),
  CONSTRAINT `gate_pass_issue_time_kept` CHECK (`status` = 'pending' or `issued_at` is not null),
  CONSTRAINT `gate_pass_verified_time_kept` CHECK (`status` <> 'verified' or `verified_at` is not null)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `gate_users` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(200) NOT NULL,
  `phone` varchar(20) NOT NULL,
  `photo` longtext DEFAULT NULL,
  `face_encoding` longtext DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `registered_at` datetime(6) DEFAULT NULL,
  `last_entry` datetime(6) DEFAULT NULL,
  `last_exit` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ix_gate_users_phone` (`phone`),
  KEY `gate_users_name_idx` (`name`,`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `going_out_logs` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_name` varchar(200) NOT NULL,
  `user_phone` varchar(20) NOT NULL,
  `reason_type` varchar(100) NOT NULL,
  `reason_details` longtext DEFAULT NULL,
  `going_out_time` datetime(6) NOT NULL,
  `coming_back_time` datetime(6) DEFAULT NULL,
  `duration_minutes` decimal(8,1) DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `timestamp` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `user_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `going_out_logs_user_id_44251463_fk_gate_users_id` (`user_id`),
  KEY `ix_going_out_logs_user_phone` (`user_phone`),
  KEY `going_out_logs_out_time_idx` (`going_out_time`),
  CONSTRAINT `going_out_logs_user_id_44251463_fk_gate_users_id` FOREIGN KEY (`user_id`) REFERENCES `gate_users` (`id`),
  CONSTRAINT `going_out_logs_back_after_out` CHECK (`coming_back_time` is null or `coming_back_time` >= `going_out_time`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `guest_list` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `guest_name` varchar(255) NOT NULL,
  `guest_contact` varchar(20) DEFAULT NULL,
  `guest_email` varchar(255) DEFAULT NULL,
  `guest_company` varchar(255) DEFAULT NULL,
  `meeting_person` varchar(255) NOT NULL,
  `meeting_person_department` varchar(100) DEFAULT NULL,
  `meeting_person_contact` varchar(20) DEFAULT NULL,
  `visit_date` date NOT NULL,
  `visit_time` time(6) DEFAULT NULL,
  `purpose` varchar(500) NOT NULL,
  `in_time` datetime(6) DEFAULT NULL,
  `out_time` datetime(6) DEFAULT NULL,
  `vehicle_number` varchar(50) DEFAULT NULL,
  `id_proof_type` varchar(50) DEFAULT NULL,
  `id_proof_number` varchar(100) DEFAULT NULL,
  `visitor_photo_path` varchar(500) DEFAULT NULL,
  `status` varchar(20) NOT NULL,
  `notes` longtext DEFAULT NULL,
  `created_by` varchar(100) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_guest_name` (`guest_name`),
  KEY `idx_meeting_person` (`meeting_person`),
  KEY `idx_visit_date` (`visit_date`),
  KEY `idx_status` (`status`),
  CONSTRAINT `guest_list_out_after_in` CHECK (`out_time` is null or `in_time` is null or `out_time` >= `in_time`),
  CONSTRAINT `guest_list_checked_in_has_time` CHECK (`status` not in ('checked_in','checked_out') or `in_time` is not null),
  CONSTRAINT `guest_list_checked_out_has_time` CHECK (`status` <> 'checked_out' or `out_time` is not null)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `interviews` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `interview_type` varchar(50) DEFAULT NULL,
  `scheduled_date` date NOT NULL,
  `scheduled_time` time(6) NOT NULL,
  `duration_minutes` int(11) NOT NULL,
  `interviewers` varchar(500) DEFAULT NULL,
  `location` varchar(200) DEFAULT NULL,
  `status` varchar(10) NOT NULL,
  `feedback` longtext DEFAULT NULL,
  `rating` decimal(2,1) DEFAULT NULL,
  `decision` varchar(50) DEFAULT NULL,
  `conducted_at` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `conducted_by` int(11) DEFAULT NULL,
  `job_application_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `interviews_conducted_by_efa6aeb8_fk_employees_id` (`conducted_by`),
  KEY `interviews_job_application_id_b22dbf89_fk_job_applications_id` (`job_application_id`),
  CONSTRAINT `interviews_conducted_by_efa6aeb8_fk_employees_id` FOREIGN KEY (`conducted_by`) REFERENCES `employees` (`id`),
  CONSTRAINT `interviews_job_application_id_b22dbf89_fk_job_applications_id` FOREIGN KEY (`job_application_id`) REFERENCES `job_applications` (`id`),
  CONSTRAINT `interviews_duration_positive` CHECK (`duration_minutes` > 0),
  CONSTRAINT `interviews_rating_range` CHECK (`rating` is null or `rating` >= 1 and `rating` <= 5)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `job_applications` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `applicant_name` varchar(200) NOT NULL,
  `applicant_email` varchar(255) NOT NULL,
  `applicant_phone` varchar(20) DEFAULT NULL,
  `resume_path` varchar(500) DEFAULT NULL,
  `cover_letter` longtext DEFAULT NULL,
  `experience_years` decimal(4,1) DEFAULT NULL,
  `current_salary` decimal(12,2) DEFAULT NULL,
  `expected_salary` decimal(12,2) DEFAULT NULL,
  `availability_date` date DEFAULT NULL,
  `status` varchar(20) NOT NULL,
  `notes` longtext DEFAULT NULL,
  `reviewed_at` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `candidate_id` int(11) DEFAULT NULL,
  `reviewed_by` int(11) DEFAULT NULL,
  `job_posting_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `job_applications_one_per_candidate` (`job_posting_id`,`candidate_id`),
  KEY `job_applications_candidate_id_82926a5a_fk_candidates_id` (`candidate_id`),
  KEY `job_applications_reviewed_by_cd637173_fk_employees_id` (`reviewed_by`),
  CONSTRAINT `job_applications_candidate_id_82926a5a_fk_candidates_id` FOREIGN KEY (`candidate_id`) REFERENCES `candidates` (`id`),
  CONSTRAINT `job_applications_job_posting_id_05abe56e_fk_job_postings_id` FOREIGN KEY (`job_posting_id`) REFERENCES `job_postings` (`id`),
  CONSTRAINT `job_applications_reviewed_by_cd637173_fk_employees_id` FOREIGN KEY (`reviewed_by`) REFERENCES `employees` (`id`),
  CONSTRAINT `job_applications_salaries_not_negative` CHECK ((`current_salary` is null or `current_salary` >= 0) and (`expected_salary` is null or `expected_salary` >= 0))
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `job_postings` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `title` varchar(200) NOT NULL,
  `department` varchar(100) NOT NULL,
  `location` varchar(100) DEFAULT NULL,
  `employment_type` varchar(50) DEFAULT NULL,
  `experience_level` varchar(50) DEFAULT NULL,
  `salary_range` varchar(100) DEFAULT NULL,
  `description` longtext NOT NULL,
  `requirements` longtext DEFAULT NULL,
  `responsibilities` longtext DEFAULT NULL,
  `status` varchar(10) NOT NULL,
  `application_deadline` date DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `posted_by` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `job_postings_posted_by_a6294e9f_fk_employees_id` (`posted_by`),
  CONSTRAINT `job_postings_posted_by_a6294e9f_fk_employees_id` FOREIGN KEY (`posted_by`) REFERENCES `employees` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `leaves` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(100) DEFAULT NULL,
  `leave_type` varchar(10) NOT NULL,
  `start_date` date NOT NULL,
  `end_date` date NOT NULL,
  `days_requested` decimal(5,1) NOT NULL,
  `reason` longtext DEFAULT NULL,
  `status` varchar(20) NOT NULL,
  `approved_at` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `manager_approved_at` datetime(6) DEFAULT NULL,
  `manager_notes` longtext DEFAULT NULL,
  `approved_by` int(11) DEFAULT NULL,
  `employee_id` int(11) NOT NULL,
  `manager_approved_by` int(11) DEFAULT NULL,
  `manager_step_user_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `leaves_status_idx` (`status`,`start_date`),
  KEY `leaves_approved_by_935998a1_fk_auth_user_id` (`approved_by`),
  KEY `leaves_employee_id_99e4d691_fk_employees_id` (`employee_id`),
  KEY `leaves_manager_approved_by_203cf13f_fk_employees_id` (`manager_approved_by`),
  KEY `leaves_manager_step_user_id_f115f674_fk_auth_user_id` (`manager_step_user_id`),
  CONSTRAINT `leaves_approved_by_935998a1_fk_auth_user_id` FOREIGN KEY (`approved_by`) REFERENCES `auth_user` (`id`),
  CONSTRAINT `leaves_employee_id_99e4d691_fk_employees_id` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`),
  CONSTRAINT `leaves_manager_approved_by_203cf13f_fk_employees_id` FOREIGN KEY (`manager_approved_by`) REFERENCES `employees` (`id`),
  CONSTRAINT `leaves_manager_step_user_id_f115f674_fk_auth_user_id` FOREIGN KEY (`manager_step_user_id`) REFERENCES `auth_user` (`id`),
  CONSTRAINT `leaves_end_on_or_after_start` CHECK (`end_date` >= `start_date`),
  CONSTRAINT `leaves_days_positive` CHECK (`days_requested` > 0),
  CONSTRAINT `leaves_approved_has_time` CHECK (`status` <> 'APPROVED' or `approved_at` is not null),
  CONSTRAINT `leaves_manager_approved_has_time` CHECK (`status` <> 'MANAGER_APPROVED' or `manager_approved_at` is not null)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `otp_static_staticdevice` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(64) NOT NULL,
  `confirmed` tinyint(1) NOT NULL,
  `user_id` int(11) NOT NULL,
  `throttling_failure_count` int(10) unsigned NOT NULL CHECK (`throttling_failure_count` >= 0),
  `throttling_failure_timestamp` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `last_used_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `otp_static_staticdevice_user_id_7f9cff2b_fk_auth_user_id` (`user_id`),
  CONSTRAINT `otp_static_staticdevice_user_id_7f9cff2b_fk_auth_user_id` FOREIGN KEY (`user_id`) REFERENCES `auth_user` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `otp_static_statictoken` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `token` varchar(16) NOT NULL,
  `device_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `otp_static_statictok_device_id_74b7c7d1_fk_otp_stati` (`device_id`),
  KEY `otp_static_statictoken_token_d0a51866` (`token`),
  CONSTRAINT `otp_static_statictok_device_id_74b7c7d1_fk_otp_stati` FOREIGN KEY (`device_id`) REFERENCES `otp_static_staticdevice` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `otp_totp_totpdevice` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(64) NOT NULL,
  `confirmed` tinyint(1) NOT NULL,
  `key` varchar(80) NOT NULL,
  `step` smallint(5) unsigned NOT NULL CHECK (`step` >= 0),
  `t0` bigint(20) NOT NULL,
  `digits` smallint(5) unsigned NOT NULL CHECK (`digits` >= 0),
  `tolerance` smallint(5) unsigned NOT NULL CHECK (`tolerance` >= 0),
  `drift` smallint(6) NOT NULL,
  `last_t` bigint(20) NOT NULL,
  `user_id` int(11) NOT NULL,
  `throttling_failure_count` int(10) unsigned NOT NULL CHECK (`throttling_failure_count` >= 0),
  `throttling_failure_timestamp` datetime(6) DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `last_used_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `otp_totp_totpdevice_user_id_0fb18292_fk_auth_user_id` (`user_id`),
  CONSTRAINT `otp_totp_totpdevice_user_id_0fb18292_fk_auth_user_id` FOREIGN KEY (`user_id`) REFERENCES `auth_user` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `payrolls` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(100) DEFAULT NULL,
  `pay_period_start` date NOT NULL,
  `pay_period_end` date NOT NULL,
  `salary_type` varchar(10) NOT NULL,
  `monthly_salary` decimal(12,2) NOT NULL,
  `allowances` decimal(12,2) NOT NULL,
  `deductions` decimal(12,2) NOT NULL,
  `gross_salary` decimal(12,2) NOT NULL,
  `net_salary` decimal(12,2) NOT NULL,
  `payment_date` date DEFAULT NULL,
  `status` varchar(20) NOT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `employee_id` int(11) NOT NULL,
  `in_force` tinyint(1) DEFAULT 1,
  `reversal_reason` longtext DEFAULT NULL,
  `reversed_at` datetime(6) DEFAULT NULL,
  `reversed_by_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `payrolls_one_in_force_per_period` (`employee_id`,`pay_period_start`,`pay_period_end`,`in_force`),
  KEY `payrolls_reversed_by_id_dd4dab4e_fk_auth_user_id` (`reversed_by_id`),
  CONSTRAINT `payrolls_employee_id_c318f6c6_fk_employees_id` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`),
  CONSTRAINT `payrolls_reversed_by_id_dd4dab4e_fk_auth_user_id` FOREIGN KEY (`reversed_by_id`) REFERENCES `auth_user` (`id`),
  CONSTRAINT `payrolls_period_in_order` CHECK (`pay_period_end` >= `pay_period_start`),
  CONSTRAINT `payrolls_amounts_not_negative` CHECK (`monthly_salary` >= 0 and `allowances` >= 0 and `deductions` >= 0 and `gross_salary` >= 0),
  CONSTRAINT `payrolls_paid_has_payment_date` CHECK (`status` <> 'paid' or `payment_date` is not null),
  CONSTRAINT `payrolls_in_force_unless_reversed` CHECK (`in_force` is null and `status` = 'reversed' or `status` <> 'reversed' and `in_force` = 0x01),
  CONSTRAINT `payrolls_reversed_keeps_history` CHECK (`status` <> 'reversed' or `payment_date` is not null and `reversal_reason` is not null and `reversed_at` is not null and (`reversal_reason` <> '' or `reversal_reason` is null))
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `performance_reviews` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `review_period_start` date NOT NULL,
  `review_period_end` date NOT NULL,
  `overall_rating` decimal(2,1) DEFAULT NULL,
  `goals` longtext DEFAULT NULL,
  `strengths` longtext DEFAULT NULL,
  `improvements` longtext DEFAULT NULL,
  `comments` longtext DEFAULT NULL,
  `status` varchar(12) NOT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `employee_id` int(11) NOT NULL,
  `reviewer_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `performance_reviews_employee_id_bea82e52_fk_employees_id` (`employee_id`),
  KEY `performance_reviews_reviewer_id_d383baa3_fk_employees_id` (`reviewer_id`),
  CONSTRAINT `performance_reviews_employee_id_bea82e52_fk_employees_id` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`),
  CONSTRAINT `performance_reviews_reviewer_id_d383baa3_fk_employees_id` FOREIGN KEY (`reviewer_id`) REFERENCES `employees` (`id`),
  CONSTRAINT `performance_reviews_period_in_order` CHECK (`review_period_end` >= `review_period_start`),
  CONSTRAINT `performance_reviews_rating_range` CHECK (`overall_rating` is null or `overall_rating` >= 1 and `overall_rating` <= 5)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `purchase_order` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `po_number` varchar(50) NOT NULL,
  `supplier_name` varchar(200) NOT NULL,
  `supplier_contact` varchar(100) DEFAULT NULL,
  `requirements` longtext DEFAULT NULL,
  `total_amount` decimal(12,2) NOT NULL,
  `status` varchar(50) NOT NULL,
  `requested_by` varchar(100) DEFAULT NULL,
  `approved_by` varchar(100) DEFAULT NULL,
  `expected_delivery` date DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `original_requirements` longtext DEFAULT NULL,
  `extra_materials` longtext DEFAULT NULL,
  `payment_terms` varchar(50) NOT NULL,
  `created_by_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `purchase_order_number_unique` (`po_number`),
  KEY `purchase_order_status_idx` (`status`,`id`),
  KEY `purchase_order_created_by_id_112332e4_fk_auth_user_id` (`created_by_id`),
  CONSTRAINT `purchase_order_created_by_id_112332e4_fk_auth_user_id` FOREIGN KEY (`created_by_id`) REFERENCES `auth_user` (`id`),
  CONSTRAINT `purchase_order_total_not_negative` CHECK (`total_amount` >= 0)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `purchase_order_number_sequence` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `year` smallint(5) unsigned NOT NULL CHECK (`year` >= 0),
  `last_number` int(10) unsigned NOT NULL CHECK (`last_number` >= 0),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `sales_order` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `order_number` varchar(50) NOT NULL,
  `customer_name` varchar(200) NOT NULL,
  `customer_contact` varchar(100) DEFAULT NULL,
  `customer_email` varchar(200) DEFAULT NULL,
  `customer_address` varchar(400) DEFAULT NULL,
  `quantity` int(11) NOT NULL,
  `unit_price` decimal(12,2) NOT NULL,
  `total_amount` decimal(12,2) NOT NULL,
  `discount_amount` decimal(12,2) NOT NULL,
  `final_amount` decimal(12,2) NOT NULL,
  `payment_method` varchar(50) NOT NULL,
  `payment_status` varchar(50) NOT NULL,
  `order_status` varchar(50) NOT NULL,
  `sales_person` varchar(100) NOT NULL,
  `notes` longtext DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `coupon_code` varchar(50) DEFAULT NULL,
  `finance_bypass` tinyint(1) NOT NULL,
  `bypass_reason` longtext DEFAULT NULL,
  `bypassed_at` datetime(6) DEFAULT NULL,
  `payment_due_date` date DEFAULT NULL,
  `origin` varchar(200) DEFAULT NULL,
  `destination` varchar(200) DEFAULT NULL,
  `distance` varchar(50) DEFAULT NULL,
  `vehicle_type` varchar(100) DEFAULT NULL,
  `showroom_product_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `sales_order_number_unique` (`order_number`),
  KEY `sales_order_status_idx` (`order_status`,`id`),
  KEY `sales_order_showroom_product_id_8102a8e4_fk_showroom_product_id` (`showroom_product_id`),
  KEY `sales_order_customer_idx` (`customer_name`),
  CONSTRAINT `sales_order_showroom_product_id_8102a8e4_fk_showroom_product_id` FOREIGN KEY (`showroom_product_id`) REFERENCES `showroom_product` (`id`),
  CONSTRAINT `sales_order_quantity_positive` CHECK (`quantity` >= 1),
  CONSTRAINT `sales_order_amounts_not_negative` CHECK (`unit_price` >= 0 and `total_amount` >= 0 and `discount_amount` >= 0 and `final_amount` >= 0),
  CONSTRAINT `sales_order_discount_within_total` CHECK (`discount_amount` <= `total_amount`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `sales_target` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `sales_person` varchar(100) NOT NULL,
  `year` int(11) NOT NULL,
  `month` int(11) NOT NULL,
  `target_amount` decimal(12,2) NOT NULL,
  `assignment_type` varchar(50) NOT NULL,
  `assigned_by` varchar(100) DEFAULT NULL,
  `notes` longtext DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_sales_target` (`sales_person`,`year`,`month`),
  KEY `idx_sales_person` (`sales_person`),
  KEY `idx_year_month` (`year`,`month`),
  CONSTRAINT `sales_target_month_range` CHECK (`month` >= 1 and `month` <= 12),
  CONSTRAINT `sales_target_amount_not_negative` CHECK (`target_amount` >= 0)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `sales_transaction` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `transaction_type` varchar(50) NOT NULL,
  `amount` decimal(12,2) NOT NULL,
  `payment_method` varchar(50) NOT NULL,
  `reference_number` varchar(100) DEFAULT NULL,
  `notes` longtext DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `utr_number` varchar(100) DEFAULT NULL,
  `cash_denominations` longtext DEFAULT NULL,
  `split_payment_details` longtext DEFAULT NULL,
  `sales_order_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `sales_transaction_sales_order_id_a3942946_fk_sales_order_id` (`sales_order_id`),
  KEY `sales_txn_type_idx` (`transaction_type`,`id`),
  KEY `sales_txn_method_idx` (`payment_method`,`id`),
  KEY `sales_txn_created_idx` (`created_at`,`id`),
  KEY `sales_txn_reference_idx` (`reference_number`),
  KEY `sales_txn_utr_idx` (`utr_number`),
  CONSTRAINT `sales_transaction_sales_order_id_a3942946_fk_sales_order_id` FOREIGN KEY (`sales_order_id`) REFERENCES `sales_order` (`id`),
  CONSTRAINT `sales_transaction_amount_not_zero` CHECK (`amount` <> 0),
  CONSTRAINT `sales_transaction_sign_matches_type` CHECK (`amount` > 0 and `transaction_type` = 'payment' or `amount` < 0 and `transaction_type` = 'refund' or `transaction_type` not in ('payment','refund'))
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `showroom_product` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(200) NOT NULL,
  `category` varchar(50) NOT NULL,
  `cost_price` decimal(12,2) NOT NULL,
  `sale_price` decimal(12,2) NOT NULL,
  `showroom_status` varchar(50) NOT NULL,
  `production_order_id` int(11) DEFAULT NULL,
  `sold_date` datetime(6) DEFAULT NULL,
  `quantity` int(11) NOT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `showroom_product_status_idx` (`showroom_status`,`name`),
  KEY `showroom_product_name_idx` (`name`,`id`),
  CONSTRAINT `showroom_product_prices_not_negative` CHECK (`cost_price` >= 0 and `sale_price` >= 0),
  CONSTRAINT `showroom_product_quantity_not_negative` CHECK (`quantity` >= 0)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `transport_job` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `transporter_name` varchar(200) DEFAULT NULL,
  `vehicle_no` varchar(100) DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `dispatch_request_id` int(11) DEFAULT NULL,
  `driver_id` int(11) DEFAULT NULL,
  `vehicle_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_transport_status` (`status`),
  KEY `transport_job_dispatch_request_id_f4156b2d_fk_dispatch_` (`dispatch_request_id`),
  KEY `transport_job_driver_id_4c9e7215_fk_employees_id` (`driver_id`),
  KEY `transport_job_vehicle_id_c2e9ffb3_fk_vehicle_id` (`vehicle_id`),
  CONSTRAINT `transport_job_dispatch_request_id_f4156b2d_fk_dispatch_` FOREIGN KEY (`dispatch_request_id`) REFERENCES `dispatch_request` (`id`),
  CONSTRAINT `transport_job_driver_id_4c9e7215_fk_employees_id` FOREIGN KEY (`driver_id`) REFERENCES `employees` (`id`),
  CONSTRAINT `transport_job_vehicle_id_c2e9ffb3_fk_vehicle_id` FOREIGN KEY (`vehicle_id`) REFERENCES `vehicle` (`id`)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS `vehicle` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `vehicle_number` varchar(100) NOT NULL,
  `vehicle_type` varchar(50) NOT NULL,
  `driver_name` varchar(200) NOT NULL,
  `driver_contact` varchar(100) DEFAULT NULL,
  `capacity` varchar(100) DEFAULT NULL,
  `status` varchar(50) NOT NULL,
  `current_location` varchar(200) DEFAULT NULL,
  `notes` longtext DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `updated_at` datetime(6) DEFAULT NULL,
  `driver_employee_id` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `vehicle_number_unique` (`vehicle_number`),
  KEY `idx_vehicle_status` (`status`),
  KEY `vehicle_driver_employee_id_713e4014_fk_employees_id` (`driver_employee_id`),
  CONSTRAINT `vehicle_driver_employee_id_713e4014_fk_employees_id` FOREIGN KEY (`driver_employee_id`) REFERENCES `employees` (`id`)
) ENGINE=InnoDB;

