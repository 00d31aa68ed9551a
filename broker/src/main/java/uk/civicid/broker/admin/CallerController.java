package uk.civicid.broker.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller is to the admin API: an administrator or an app team member. The console asks once per session to
 * decide which pages to show; every other call checks the role again.
 */
@RestController
public class CallerController {

    public static final String PATH = AdminApiConfiguration.BASE + "/me";

    @GetMapping(PATH)
    public Map<String, Object> me(AdminCaller caller) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("account_id", caller.accountId());
        me.put("administrator", caller.administrator());
        return me;
    }
}
